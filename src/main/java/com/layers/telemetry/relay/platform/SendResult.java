package com.layers.telemetry.relay.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What came of one request: sent, to retry later, or failed for good; with the HTTP status, the platform's own code
 * and message, and its trace id ({@code fbtrace_id}, {@code request_id}).
 */
public record SendResult(
        Outcome outcome,
        Integer httpStatus,
        String code,
        String message,
        String traceId,
        long durationMs,
        ObjectNode recordedRequest) {

    public enum Outcome {
        SENT,
        RETRY,
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SendResult withDuration(long ms) {
        return new SendResult(outcome, httpStatus, code, message, traceId, ms, recordedRequest);
    }

    /** No answer at all (connection refused, reset, timeout): always worth a retry. */
    public static SendResult unreachable(Throwable cause) {
        return new SendResult(
                Outcome.RETRY, null, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, 0, null);
    }
}
