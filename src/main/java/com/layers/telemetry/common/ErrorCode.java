package com.layers.telemetry.common;

/** Error codes of the project's envelope, each with its HTTP status (README, API). */
public enum ErrorCode {
    VALIDATION(400),
    UNAUTHENTICATED(401),
    FORBIDDEN_SCOPE(403),
    NOT_FOUND(404),
    USER_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    IDEMPOTENCY_IN_PROGRESS(409),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    IDEMPOTENCY_KEY_REUSED(422),
    RATE_LIMITED(429),
    HEADERS_TOO_LARGE(431),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The code a bare HTTP status maps to when the framework, not our code, produced the error. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN_SCOPE;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : VALIDATION;
        };
    }
}
