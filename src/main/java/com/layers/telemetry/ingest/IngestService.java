package com.layers.telemetry.ingest;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.SdkApp;
import com.layers.telemetry.tenancy.SdkAppDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * POST /v1/events end to end: parse and validate, check the project and SDK app, honour the Idempotency-Key,
 * admit (dedup, rate limit), and publish, answering 202 only once Kafka acknowledged every accepted event.
 */
@ApplicationScoped
public class IngestService {
    private final ProjectGuard guard;
    private final SdkAppDirectory apps;
    private final EventBatchParser parser;
    private final IdempotencyRepository idempotency;
    private final BatchAdmission admission;
    private final EventPublisher publisher;

    IngestService(
            ProjectGuard guard,
            SdkAppDirectory apps,
            EventBatchParser parser,
            IdempotencyRepository idempotency,
            BatchAdmission admission,
            EventPublisher publisher) {
        this.guard = guard;
        this.apps = apps;
        this.parser = parser;
        this.idempotency = idempotency;
        this.admission = admission;
        this.publisher = publisher;
    }

    Uni<IngestReply> ingest(Caller caller, byte[] body, String idempotencyKey) {
        EventBatch batch = parser.parse(body, idempotencyKey);
        return guard.require(caller, batch.projectId())
                .chain(() -> apps.find(batch.projectId(), batch.sdkAppId()))
                .chain(found -> {
                    SdkApp app = found.orElseThrow(() -> ApiException.validation(
                            "sdkAppId " + batch.sdkAppId() + " is not an SDK app of project " + batch.projectId()));
                    return idempotencyKey == null
                            ? process(batch, app).map(IngestReply::fresh)
                            : idempotent(caller.subject(), batch, idempotencyKey, app);
                });
    }

    private Uni<IngestReply> idempotent(String subject, EventBatch batch, String key, SdkApp app) {
        return idempotency
                .claim(subject, batch.projectId(), key, batch.requestHash())
                .chain(claim -> {
                    if (claim instanceof IdempotencyRepository.Replay replay) {
                        return Uni.createFrom().item(IngestReply.replay(replay.status(), replay.body()));
                    }
                    if (claim instanceof IdempotencyRepository.InFlight) {
                        return Uni.createFrom().failure(ApiException.idempotencyInProgress());
                    }
                    if (claim instanceof IdempotencyRepository.Reused) {
                        return Uni.createFrom().failure(ApiException.idempotencyKeyReused());
                    }
                    return process(batch, app)
                            .call(result -> idempotency.complete(subject, batch.projectId(), key, 202, result))
                            .map(IngestReply::fresh)
                            .onFailure()
                            .call(() -> idempotency.release(subject, batch.projectId(), key));
                });
    }

    private Uni<IngestResult> process(EventBatch batch, SdkApp app) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return admission
                .admit(batch, app)
                .chain(admitted -> publisher
                        .publish(batch.projectId(), batch.sdkAppId(), receivedAt, admitted.toPublish())
                        .replaceWith(admitted.result()));
    }
}
