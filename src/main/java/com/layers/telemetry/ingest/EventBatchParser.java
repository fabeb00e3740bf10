package com.layers.telemetry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.auth.WriteKeys;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Idempotency;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.event.EventIds;
import com.layers.telemetry.event.EventReader;
import com.layers.telemetry.event.EventValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into an {@link EventBatch}, or the whole-batch 400 (README, Sending events): not a JSON object,
 * {@code projectId}/{@code sdkAppId} missing, {@code events} missing, empty or too long, or every event invalid.
 */
@ApplicationScoped
class EventBatchParser {
    private final EventReader reader;
    private final EventValidator validator;
    private final IngestConfig config;

    EventBatchParser(EventReader reader, EventValidator validator, IngestConfig config) {
        this.reader = reader;
        this.validator = validator;
        this.config = config;
    }

    EventBatch parse(byte[] body, String idempotencyKey) {
        return parse(body, idempotencyKey, null);
    }

    /**
     * @param owner the project and app of the write key the batch came with (the SDK path), or null when the body
     *     names them (a partner key); a body that names another project or app than its key is refused
     */
    EventBatch parse(byte[] body, String idempotencyKey, WriteKeys.Owner owner) {
        Idempotency.requireValidKey(idempotencyKey);
        EventReader.Read read;
        try {
            read = reader.batch(StrictUtf8.marked(body));
        } catch (JsonProcessingException e) {
            throw ApiException.validation("Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.validation("Request body could not be read");
        }
        JsonNode root = read.root();
        if (root == null || !root.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        if (owner == null) {
            for (String field : new String[] {"projectId", "sdkAppId"}) {
                String error = EventValidator.tenantIdError(root, field);
                if (error != null) {
                    throw ApiException.validation(error);
                }
            }
        } else {
            sameAsKey(root, "projectId", owner.projectId());
            sameAsKey(root, "sdkAppId", owner.sdkAppId());
        }
        JsonNode events = root.get("events");
        if (events == null || events.isNull()) {
            throw ApiException.validation("events is required");
        }
        if (!events.isArray()) {
            throw ApiException.validation("events must be an array");
        }
        if (events.isEmpty() || events.size() > config.maxBatchSize()) {
            throw ApiException.validation(
                    "events must contain 1-" + config.maxBatchSize() + " events (got " + events.size() + ")");
        }
        String hash = idempotencyKey == null ? null : EventIds.sha256Hex(EventIds.canonical(root));
        return new EventBatch(
                owner == null ? root.get("projectId").asText() : owner.projectId(),
                owner == null ? root.get("sdkAppId").asText() : owner.sdkAppId(),
                events,
                validateAll(events, read.events()),
                hash);
    }

    /** The write key names the project and app; the body may repeat them, never name others. */
    private static void sameAsKey(JsonNode root, String field, String keys) {
        JsonNode given = root.get(field);
        if (given != null
                && !given.isNull()
                && !(given.isTextual() && given.asText().equals(keys))) {
            throw ApiException.validation(field + " must be left out or be the write key's (" + keys + ")");
        }
    }

    private List<EventValidator.Result> validateAll(JsonNode events, List<EventReader.Spans> spans) {
        List<EventValidator.Result> results = new ArrayList<>(events.size());
        String firstError = null;
        boolean anyValid = false;
        for (int i = 0; i < events.size(); i++) {
            EventValidator.Result r = validator.validate(events.get(i), "events[" + i + "]", spans.get(i));
            results.add(r);
            if (r instanceof EventValidator.Result.Failed failed) {
                firstError = firstError == null ? failed.error() : firstError;
            } else {
                anyValid = true;
            }
        }
        if (!anyValid) {
            throw ApiException.validation(firstError);
        }
        return results;
    }
}
