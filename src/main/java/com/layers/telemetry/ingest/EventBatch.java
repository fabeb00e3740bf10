package com.layers.telemetry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.event.EventValidator;
import java.util.List;

/**
 * A parsed {@code POST /v1/events} body: the envelope, each event's validation result in input order, and (when an
 * Idempotency-Key came with it) the hash of the body's canonical JSON.
 */
record EventBatch(
        String projectId, String sdkAppId, JsonNode events, List<EventValidator.Result> results, String requestHash) {}
