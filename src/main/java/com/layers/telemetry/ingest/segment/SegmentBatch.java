package com.layers.telemetry.ingest.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.layers.telemetry.auth.WriteKeys;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.EventValidator;
import com.layers.telemetry.ingest.EventBatch;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a Segment request as a batch of our events: each message within Segment's 32 KB, mapped
 * ({@link SegmentMessageMapper}) and validated as every event is; refused ones keep their place with the reason.
 */
final class SegmentBatch {
    /** Segment's limits: 32 KB per message, 500 KB per request, 2,500 messages per batch. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;

    static final int MAX_BATCH_BYTES = 500 * 1024;
    static final int MAX_MESSAGES = 2500;

    private SegmentBatch() {}

    /**
     * @param bodyBytes the request's size: a message is measured (written out again) only when the whole body could
     *     hold one over the limit
     * @param impliedType the single-message endpoint's type, or null for {@code /v1/batch} and {@code /v1/import}
     */
    static EventBatch of(
            ObjectMapper mapper,
            EventValidator validator,
            JsonNode body,
            int bodyBytes,
            String impliedType,
            WriteKeys.Owner owner,
            Instant receivedAt) {
        List<JsonNode> messages = new ArrayList<>();
        if (impliedType == null) {
            JsonNode batch = body.get("batch");
            if (batch == null || batch.isNull()) {
                throw ApiException.validation("batch is required");
            }
            if (!batch.isArray()) {
                throw ApiException.validation("batch must be an array");
            }
            if (batch.isEmpty() || batch.size() > MAX_MESSAGES) {
                throw ApiException.validation(
                        "batch must hold 1-" + MAX_MESSAGES + " messages (got " + batch.size() + ")");
            }
            batch.forEach(messages::add);
        } else {
            messages.add(body);
        }
        Instant sentAt = SegmentMessageMapper.sentAt(body);
        JsonNode batchContext = impliedType == null ? body.get("context") : null;
        ArrayNode events = mapper.createArrayNode();
        List<EventValidator.Result> results = new ArrayList<>(messages.size());
        String firstError = null;
        for (int i = 0; i < messages.size(); i++) {
            String path = impliedType == null ? "batch[" + i + "]" : "body";
            JsonNode message = messages.get(i);
            EventValidator.Result result;
            if (bodyBytes > MAX_MESSAGE_BYTES && bytes(mapper, message) > MAX_MESSAGE_BYTES) {
                result = new EventValidator.Result.Failed(
                        path + " is larger than the " + MAX_MESSAGE_BYTES / 1024 + " KB message limit");
                events.add(message);
            } else {
                SegmentMessageMapper.Mapped mapped =
                        SegmentMessageMapper.map(message, path, impliedType, batchContext, sentAt, receivedAt);
                if (mapped instanceof SegmentMessageMapper.Mapped.Event e) {
                    events.add(e.event());
                    result = validator.validate(e.event(), path);
                } else {
                    events.add(message);
                    result = new EventValidator.Result.Failed(((SegmentMessageMapper.Mapped.Refused) mapped).error());
                }
            }
            if (result instanceof EventValidator.Result.Failed failed && firstError == null) {
                firstError = failed.error();
            }
            results.add(result);
        }
        if (results.stream().noneMatch(EventValidator.Result.Valid.class::isInstance)) {
            throw ApiException.validation(firstError);
        }
        return new EventBatch(owner.projectId(), owner.sdkAppId(), events, results, null);
    }

    private static int bytes(ObjectMapper mapper, JsonNode message) {
        try {
            return mapper.writeValueAsBytes(message).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
