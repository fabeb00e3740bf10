package com.layers.telemetry.auth;

import com.layers.telemetry.common.Timestamps;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Mints partner keys: RS256 JWTs signed with {@code smallrye.jwt.sign.key.location}, carrying exactly the claims
 * an operator's own identity provider would have to issue ({@code iss aud sub exp iat jti scope projects}).
 */
@ApplicationScoped
public class KeyMinter {
    private final AuthConfig config;

    public KeyMinter(AuthConfig config) {
        this.config = config;
    }

    /** Signs a new key; CPU-bound and reads the signing key, so callers run it off the event loop. */
    public ApiKey mint(List<String> scopes, List<String> projects, int lifetimeDays) {
        String keyId = "key_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetimeDays, ChronoUnit.DAYS);
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(keyId)
                .claim("jti", keyId)
                .claim("scope", String.join(" ", scopes))
                .claim("projects", projects)
                .issuedAt(now)
                .expiresAt(expires)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .sign();
        return new ApiKey(
                keyId,
                token,
                List.copyOf(scopes),
                List.copyOf(projects),
                Timestamps.utc(expires),
                Timestamps.utc(now),
                null);
    }
}
