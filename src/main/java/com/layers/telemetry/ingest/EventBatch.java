package com.layers.telemetry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.event.EventValidator;
import java.util.List;

/**
 * A parsed batch (a {@code POST /v1/events} or SDK body, or a Segment batch mapped to events): the project and SDK app,
 * each event's validation result in input order, and (when an Idempotency-Key came with it) the hash of the body's
 * canonical JSON.
 */
public record EventBatch(
        String projectId, String sdkAppId, JsonNode events, List<EventValidator.Result> results, String requestHash) {}
