package com.layers.telemetry.auth;

import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;

/**
 * Why a key was refused, in words a partner can act on and that hold no key material: the JWT library's own
 * messages quote the token's claims, so they are never shown. Carried as the cause of the 401 the REST layer maps.
 */
public final class KeyRejected extends ParseException {
    static final String MALFORMED = "The API key is not a well-formed signed key (a JWT of three base64url parts)";
    static final String MISSING_CLAIM = "The API key lacks a required claim (sub, exp and jti are required)";

    public KeyRejected(String reason) {
        super(reason);
    }

    /** The reason a verification failure stands for. */
    static KeyRejected of(ParseException failure) {
        InvalidJwtException invalid = find(failure, InvalidJwtException.class);
        if (find(failure, InvalidAlgorithmException.class) != null) {
            return new KeyRejected("The API key must be signed with RS256 (none and other algorithms are refused)");
        }
        if (invalid == null || find(failure, JoseException.class) != null) {
            return new KeyRejected(MALFORMED);
        }
        if (invalid.hasExpired()) {
            return new KeyRejected("The API key has expired; mint a new one");
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return new KeyRejected("The API key's signature does not verify with this service's key (RS256)");
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return new KeyRejected("The API key was issued by another issuer");
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return new KeyRejected("The API key is meant for another audience");
        }
        if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)
                || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return new KeyRejected("The API key is not valid yet");
        }
        if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)
                || invalid.hasErrorCode(ErrorCodes.SUBJECT_MISSING)
                || invalid.hasErrorCode(ErrorCodes.JWT_ID_MISSING)) {
            return new KeyRejected(MISSING_CLAIM);
        }
        if (invalid.getErrorDetails().isEmpty()
                && String.valueOf(invalid.getMessage()).contains("Required claims")) {
            // smallrye-jwt's own check of smallrye.jwt.required.claims (SRJWT07010), after jose4j's.
            return new KeyRejected(MISSING_CLAIM);
        }
        if (invalid.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            return new KeyRejected(MALFORMED);
        }
        return new KeyRejected("The API key's signature or claims do not verify");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
