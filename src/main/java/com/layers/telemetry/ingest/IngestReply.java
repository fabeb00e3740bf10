package com.layers.telemetry.ingest;

/**
 * What {@code POST /v1/events} answers: a fresh result, or the stored answer of an earlier request with the same
 * Idempotency-Key, replayed as it was.
 */
record IngestReply(int status, IngestResult result, String replayedBody) {
    static IngestReply fresh(IngestResult result) {
        return new IngestReply(202, result, null);
    }

    static IngestReply replay(int status, String body) {
        return new IngestReply(status, null, body);
    }

    boolean replayed() {
        return replayedBody != null;
    }
}
