package com.layers.telemetry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventKeyRepository;
import com.layers.telemetry.event.EventValidator;
import com.layers.telemetry.ratelimit.TokenBucketRepository;
import com.layers.telemetry.tenancy.SdkApp;
import com.layers.telemetry.userdata.UserBlocks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides each event's status: {@code failed} (validation), {@code suppressed} (its user is suppressed: nothing of
 * theirs is published), {@code skipped} (an id already stored, or repeated earlier in the batch), else
 * {@code accepted}; then takes the accepted events from the SDK app's rate-limit
 * bucket (only accepted events spend tokens) or refuses the batch with 429.
 */
@ApplicationScoped
class BatchAdmission {
    private final EventKeyRepository keys;
    private final TokenBucketRepository buckets;
    private final IngestConfig config;
    private final UserBlocks blocks;

    BatchAdmission(EventKeyRepository keys, TokenBucketRepository buckets, IngestConfig config, UserBlocks blocks) {
        this.keys = keys;
        this.buckets = buckets;
        this.config = config;
        this.blocks = blocks;
    }

    /** The answer to give, and the events to publish for it. */
    record Admitted(IngestResult result, List<Event> toPublish) {}

    Uni<Admitted> admit(EventBatch batch, SdkApp app, String sourceIp) {
        List<EventValidator.Result> results = batch.results();
        String[] status = new String[results.size()];
        Map<String, Integer> firstIndexById = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof EventValidator.Result.Valid r)) {
                status[i] = IngestResult.FAILED;
            } else if (blocks.suppressed(batch.projectId(), r.event().appUserId())) {
                status[i] = IngestResult.SUPPRESSED;
            } else if (firstIndexById.putIfAbsent(r.event().eventId(), i) != null) {
                status[i] = IngestResult.SKIPPED;
            }
        }
        return keys.existingIds(batch.projectId(), batch.sdkAppId(), new ArrayList<>(firstIndexById.keySet()))
                .chain(existing -> {
                    List<Event> toPublish = new ArrayList<>();
                    for (int i = 0; i < results.size(); i++) {
                        if (status[i] == null) {
                            Event e = ((EventValidator.Result.Valid) results.get(i)).event();
                            status[i] = existing.contains(e.eventId()) ? IngestResult.SKIPPED : IngestResult.ACCEPTED;
                            if (status[i].equals(IngestResult.ACCEPTED)) {
                                toPublish.add(e);
                            }
                        }
                    }
                    Admitted admitted = new Admitted(result(batch.events(), results, status), toPublish);
                    return toPublish.isEmpty()
                            ? Uni.createFrom().item(admitted)
                            : spend(batch, app, sourceIp, toPublish.size()).replaceWith(admitted);
                });
    }

    private Uni<Void> spend(EventBatch batch, SdkApp app, String sourceIp, int events) {
        SdkApp.RateLimit own = app.rateLimit();
        int perSecond = own != null && own.eventsPerSecond() != null
                ? own.eventsPerSecond()
                : config.rateLimit().eventsPerSecond();
        int burst = own != null && own.burst() != null
                ? own.burst()
                : config.rateLimit().burst();
        TokenBucketRepository.Take appTake = new TokenBucketRepository.Take(
                "ingest:" + batch.projectId() + ":" + batch.sdkAppId(), events, perSecond, burst);
        String appLimit = "Rate limit of " + perSecond + " events/s for SDK app " + batch.sdkAppId() + " exceeded";
        if (sourceIp == null) {
            return buckets.take(appTake)
                    .chain(decision -> decision.allowed()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(rateLimited(appLimit, decision.retryAfter())));
        }
        // The device's own budget first: what one address is refused never spends the app's.
        IngestConfig.SourceRateLimit perIp = config.sourceRateLimit();
        TokenBucketRepository.Take ipTake = new TokenBucketRepository.Take(
                "ingest-ip:" + batch.projectId() + ":" + batch.sdkAppId() + ":" + sourceIp,
                events,
                perIp.eventsPerSecond(),
                perIp.burst());
        return buckets.takeBoth(ipTake, appTake)
                .chain(decision -> decision.allowed()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .failure(rateLimited(
                                        decision.firstRefused()
                                                ? "Rate limit of " + perIp.eventsPerSecond()
                                                        + " events/s per source address for SDK app "
                                                        + batch.sdkAppId() + " exceeded"
                                                : appLimit,
                                        decision.retryAfter())));
    }

    private static ApiException rateLimited(String message, Duration retryAfter) {
        return ApiException.rateLimited(
                message, "Retry after the Retry-After delay; batches are safe to retry", retryAfter);
    }

    private static IngestResult result(JsonNode events, List<EventValidator.Result> results, String[] status) {
        List<IngestResult.Detail> details = new ArrayList<>(results.size());
        int accepted = 0;
        int skipped = 0;
        int suppressed = 0;
        int failed = 0;
        for (int i = 0; i < results.size(); i++) {
            String eventId;
            String error = null;
            if (results.get(i) instanceof EventValidator.Result.Valid r) {
                eventId = r.event().eventId();
            } else {
                JsonNode given = events.get(i).get("eventId");
                eventId = given != null && given.isTextual() ? given.asText() : null;
                error = ((EventValidator.Result.Failed) results.get(i)).error();
            }
            switch (status[i]) {
                case IngestResult.ACCEPTED -> accepted++;
                case IngestResult.SKIPPED -> skipped++;
                case IngestResult.SUPPRESSED -> suppressed++;
                default -> failed++;
            }
            details.add(new IngestResult.Detail(i, eventId, status[i], error));
        }
        return new IngestResult(accepted, skipped, suppressed, failed, details);
    }
}
