package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What came of one request: sent, to retry later, or failed for good; with the HTTP status, the platform's own code
 * and message, and its trace id ({@code fbtrace_id}, {@code request_id}).
 */
record SendResult(Outcome outcome, Integer httpStatus, String code, String message, String traceId, long durationMs,
        ObjectNode recordedRequest) {

    enum Outcome {
        SENT, RETRY, FAILED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    SendResult withDuration(long ms) {
        return new SendResult(outcome, httpStatus, code, message, traceId, ms, recordedRequest);
    }
}
