package com.layers.telemetry.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;

/** Keys for tests, signed like an operator's identity provider would: claims only, no service call. */
public final class TestKeys {
    public static final String ISSUER = "https://telemetry.layers.local";
    public static final String AUDIENCE = "partner-api";

    private TestKeys() {}

    public static String admin() {
        return token("admin", List.of("*"));
    }

    public static String token(String scope, List<String> projects) {
        return claims(scope, projects).sign();
    }

    public static JwtClaimsBuilder claims(String scope, List<String> projects) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("test-" + UUID.randomUUID())
                .claim("jti", "jti_" + UUID.randomUUID())
                .claim("scope", scope)
                .claim("projects", projects)
                .expiresIn(3600);
    }

    /** Signed with the trusted test key without Quarkus's configuration (for tests of the packaged service). */
    public static String outsideQuarkus(String scope, List<String> projects) {
        try {
            return claims(scope, projects).sign(KeyUtils.readPrivateKey("keys/test-private.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by a key the service does not trust. */
    public static String signedByStranger(String scope, List<String> projects) {
        try {
            PrivateKey other = KeyUtils.readPrivateKey("keys/other-private.pem");
            return claims(scope, projects).sign(other);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs exactly these claims (no defaults added), with the trusted test key. */
    public static String signRaw(String claimsJson) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claimsJson);
            jws.setAlgorithmHeaderValue("RS256");
            jws.setHeader("typ", "JWT");
            jws.setKey(KeyUtils.readPrivateKey("keys/test-private.pem"));
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sub} claim of a token (no verification: the test minted it). */
    public static String subjectOf(String token) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return new ObjectMapper().readTree(payload).get("sub").asText();
    }

    /** The classic downgrade attack: same claims, {@code alg: none}, no signature. */
    public static String unsigned(String scope, List<String> projects) {
        String valid = token(scope, projects);
        String payload = valid.split("\\.")[1];
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
