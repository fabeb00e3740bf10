package com.layers.telemetry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.admin.SdkAppDirectory;
import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.ProjectGuard;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.ErrorCode;
import com.layers.telemetry.pipeline.EventRecords;
import com.layers.telemetry.pipeline.EventStore;
import com.layers.telemetry.pipeline.KafkaConfig;
import com.layers.telemetry.pipeline.KafkaSender;
import com.layers.telemetry.ratelimit.TokenBuckets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * POST /v1/events end to end: envelope checks, per-event validation, dedup against storage and within the batch,
 * the per-app rate limit, and a publish that answers 202 only once Kafka acknowledged every accepted event.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(5);

    private final ObjectMapper mapper;
    private final EventValidator validator;
    private final ProjectGuard guard;
    private final SdkAppDirectory apps;
    private final EventStore store;
    private final TokenBuckets buckets;
    private final IdempotencyStore idempotency;
    private final EventRecords records;
    private final KafkaSender sender;
    private final KafkaConfig kafka;
    private final IngestConfig config;

    public IngestService(ObjectMapper mapper, EventValidator validator, ProjectGuard guard, SdkAppDirectory apps,
            EventStore store, TokenBuckets buckets, IdempotencyStore idempotency, EventRecords records,
            KafkaSender sender, KafkaConfig kafka, IngestConfig config) {
        this.mapper = mapper;
        this.validator = validator;
        this.guard = guard;
        this.apps = apps;
        this.store = store;
        this.buckets = buckets;
        this.idempotency = idempotency;
        this.records = records;
        this.sender = sender;
        this.kafka = kafka;
        this.config = config;
    }

    private record Batch(String projectId, String sdkAppId, JsonNode events, String requestHash) {
    }

    public Uni<Response> ingest(Caller caller, byte[] body, String idempotencyKey) {
        Batch batch = parseEnvelope(body, idempotencyKey);
        return guard.require(caller, batch.projectId())
                .chain(() -> apps.find(batch.projectId(), batch.sdkAppId()))
                .chain(app -> {
                    SdkAppDirectory.AppLimits limits = app.orElseThrow(() -> ApiException.validation(
                            "sdkAppId " + batch.sdkAppId() + " is not an SDK app of project " + batch.projectId()));
                    List<EventValidator.Result> results = validateAll(batch.events());
                    if (idempotencyKey == null) {
                        return process(batch, results, limits).map(this::accepted);
                    }
                    return idempotent(caller.subject(), batch, idempotencyKey, results, limits);
                });
    }

    private Batch parseEnvelope(byte[] body, String idempotencyKey) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.validation("Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.validation("Request body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        String projectId = requiredText(root, "projectId");
        String sdkAppId = requiredText(root, "sdkAppId");
        JsonNode events = root.get("events");
        if (events == null || events.isNull()) {
            throw ApiException.validation("events is required");
        }
        if (!events.isArray()) {
            throw ApiException.validation("events must be an array");
        }
        if (events.isEmpty() || events.size() > config.maxBatchSize()) {
            throw ApiException.validation("events must contain 1-" + config.maxBatchSize() + " events (got " + events.size() + ")");
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
            throw ApiException.validation("Idempotency-Key must be 1-255 characters");
        }
        String hash = idempotencyKey == null ? null : EventIds.sha256Hex(EventIds.canonical(root));
        return new Batch(projectId, sdkAppId, events, hash);
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.validation(field + " is required");
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 255) {
            throw ApiException.validation(field + " must be a string of 1-255 characters");
        }
        return v.asText();
    }

    private List<EventValidator.Result> validateAll(JsonNode events) {
        List<EventValidator.Result> results = new ArrayList<>(events.size());
        String firstError = null;
        for (int i = 0; i < events.size(); i++) {
            EventValidator.Result r = validator.validate(events.get(i), "events[" + i + "]");
            results.add(r);
            if (!r.ok() && firstError == null) {
                firstError = r.error();
            }
        }
        if (firstError != null && results.stream().noneMatch(EventValidator.Result::ok)) {
            throw ApiException.validation(firstError);
        }
        return results;
    }

    private Uni<Response> idempotent(String subject, Batch batch, String key, List<EventValidator.Result> results,
            SdkAppDirectory.AppLimits limits) {
        return idempotency.claim(subject, batch.projectId(), key, batch.requestHash()).chain(claim -> {
            if (claim instanceof IdempotencyStore.Replay replay) {
                return Uni.createFrom().item(Response.status(replay.status()).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(replay.body()).header("Idempotent-Replayed", "true").build());
            }
            if (claim instanceof IdempotencyStore.InFlight) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                        "A request with this Idempotency-Key is still being processed", "Retry after it completes", Duration.ofSeconds(1)));
            }
            if (claim instanceof IdempotencyStore.Reused) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different request body", "Use a new key for a new batch", null));
            }
            return process(batch, results, limits)
                    .call(result -> idempotency.complete(subject, batch.projectId(), key, 202, json(result)))
                    .map(this::accepted)
                    .onFailure().call(() -> idempotency.release(subject, batch.projectId(), key));
        });
    }

    private Uni<IngestResult> process(Batch batch, List<EventValidator.Result> results, SdkAppDirectory.AppLimits limits) {
        Instant receivedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String[] status = new String[results.size()];
        Map<String, Integer> firstIndexById = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            EventValidator.Result r = results.get(i);
            if (!r.ok()) {
                status[i] = IngestResult.FAILED;
            } else if (firstIndexById.putIfAbsent(r.event().eventId(), i) != null) {
                status[i] = IngestResult.SKIPPED;
            }
        }
        List<String> candidateIds = new ArrayList<>(firstIndexById.keySet());
        return store.existingIds(batch.projectId(), batch.sdkAppId(), candidateIds).chain(existing -> {
            List<ProducerRecord<String, byte[]>> toSend = new ArrayList<>();
            for (Map.Entry<String, Integer> e : firstIndexById.entrySet()) {
                int i = e.getValue();
                if (existing.contains(e.getKey())) {
                    status[i] = IngestResult.SKIPPED;
                } else {
                    status[i] = IngestResult.ACCEPTED;
                    toSend.add(records.toRecord(batch.projectId(), batch.sdkAppId(), receivedAt, results.get(i).event()));
                }
            }
            IngestResult result = result(batch.events(), results, status);
            if (toSend.isEmpty()) {
                return Uni.createFrom().item(result);
            }
            int perSecond = limits.eventsPerSecond() != null ? limits.eventsPerSecond() : config.rateLimit().eventsPerSecond();
            int burst = limits.burst() != null ? limits.burst() : config.rateLimit().burst();
            return buckets.take("ingest:" + batch.projectId() + ":" + batch.sdkAppId(), toSend.size(), perSecond, burst)
                    .chain(decision -> {
                        if (!decision.allowed()) {
                            return Uni.createFrom().failure(new ApiException(ErrorCode.RATE_LIMITED,
                                    "Rate limit of " + perSecond + " events/s for SDK app " + batch.sdkAppId() + " exceeded",
                                    "Retry after the Retry-After delay; batches are safe to retry", decision.retryAfter()));
                        }
                        return sender.sendAll(toSend, kafka.publishTimeout())
                                .onFailure().transform(this::unavailable)
                                .replaceWith(result);
                    });
        });
    }

    private ApiException unavailable(Throwable cause) {
        LOG.warnf("Kafka did not acknowledge a batch: %s", cause.toString());
        return new ApiException(ErrorCode.UNAVAILABLE, "Event storage is temporarily unavailable; the batch was not accepted",
                "Retry the same batch: event ids make the retry safe", UNAVAILABLE_RETRY);
    }

    private static IngestResult result(JsonNode events, List<EventValidator.Result> results, String[] status) {
        List<IngestResult.Detail> details = new ArrayList<>(results.size());
        int accepted = 0;
        int skipped = 0;
        int failed = 0;
        for (int i = 0; i < results.size(); i++) {
            EventValidator.Result r = results.get(i);
            String eventId;
            if (r.ok()) {
                eventId = r.event().eventId();
            } else {
                JsonNode given = events.get(i).get("eventId");
                eventId = given != null && given.isTextual() ? given.asText() : null;
            }
            switch (status[i]) {
                case IngestResult.ACCEPTED -> accepted++;
                case IngestResult.SKIPPED -> skipped++;
                default -> failed++;
            }
            details.add(new IngestResult.Detail(i, eventId, status[i], r.ok() ? null : r.error()));
        }
        return new IngestResult(accepted, skipped, failed, details);
    }

    private Response accepted(IngestResult result) {
        return Response.status(Response.Status.ACCEPTED).type(MediaType.APPLICATION_JSON_TYPE).entity(result).build();
    }

    private String json(IngestResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
