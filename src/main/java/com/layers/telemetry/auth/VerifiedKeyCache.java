package com.layers.telemetry.auth;

import com.layers.telemetry.common.TimeSource;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each API key once, not on every request: a partner sends the same key with every batch, and the RS256
 * check and claim parsing cost as much CPU per request as validating its events. A verified key is reused only
 * while it has not expired (with the same clock leeway verification allows); revocation is still checked on every
 * request ({@link ScopeAugmentor}), and a key that fails verification is never cached.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedKeyCache implements JWTParser {
    /** Keys in use at once are few; past this many the cache starts over rather than grow. */
    static final int MAX_KEYS = 10_000;

    private final DefaultJWTParser verifier;
    private final TimeSource clock;
    private final long leewaySeconds;
    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    public VerifiedKeyCache(
            DefaultJWTParser verifier,
            TimeSource clock,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew") long leewaySeconds) {
        this.verifier = verifier;
        this.clock = clock;
        this.leewaySeconds = leewaySeconds;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null
                && known.getExpirationTime() + leewaySeconds >= clock.now().getEpochSecond()) {
            return known;
        }
        JsonWebToken jwt;
        try {
            jwt = verifier.parse(token);
        } catch (ParseException e) {
            throw KeyRejected.of(e);
        }
        if (verified.size() >= MAX_KEYS) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
