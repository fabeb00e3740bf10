package com.layers.telemetry.common;

import java.time.Duration;

/** A failure that becomes the error envelope with its code's status. Built only through the named factories. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String suggestion;
    private final Duration retryAfter;

    private ApiException(ErrorCode code, String message, String suggestion, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.suggestion = suggestion;
        this.retryAfter = retryAfter;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION, message, null, null);
    }

    /** A key the caller sent itself (a write key) is missing, unknown or revoked. */
    public static ApiException unauthenticated(String message) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, message, null, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message, null, null);
    }

    public static ApiException userNotFound() {
        return new ApiException(
                ErrorCode.USER_NOT_FOUND,
                "User not found. No events found for this user ID.",
                "List users with GET /v1/projects/:id/users. Users appear once events are ingested.",
                null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message, null, null);
    }

    public static ApiException idempotencyInProgress() {
        return new ApiException(
                ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed",
                "Retry after it completes",
                Duration.ofSeconds(1));
    }

    public static ApiException idempotencyKeyReused() {
        return new ApiException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was already used with a different request body",
                "Use a new key for a new batch",
                null);
    }

    public static ApiException rateLimited(String message, String suggestion, Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, message, suggestion, retryAfter);
    }

    /** A dependency (Kafka, PostgreSQL) cannot serve the request now; the client should retry after the delay. */
    public static ApiException unavailable(String message, String suggestion, Duration retryAfter) {
        return new ApiException(ErrorCode.UNAVAILABLE, message, suggestion, retryAfter);
    }

    public ErrorCode code() {
        return code;
    }

    public String suggestion() {
        return suggestion;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
