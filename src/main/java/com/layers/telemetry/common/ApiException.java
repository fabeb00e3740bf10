package com.layers.telemetry.common;

import java.time.Duration;

/** A failure that becomes the error envelope with its code's status. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String suggestion;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ApiException(ErrorCode code, String message, String suggestion, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.suggestion = suggestion;
        this.retryAfter = retryAfter;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
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
