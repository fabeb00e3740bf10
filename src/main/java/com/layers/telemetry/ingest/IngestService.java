package com.layers.telemetry.ingest;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.WriteKeys;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Idempotency;
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
    private final Idempotency idempotency;
    private final BatchAdmission admission;
    private final EventPublisher publisher;
    private final WriteKeys writeKeys;

    IngestService(
            ProjectGuard guard,
            SdkAppDirectory apps,
            EventBatchParser parser,
            Idempotency idempotency,
            BatchAdmission admission,
            EventPublisher publisher,
            WriteKeys writeKeys) {
        this.writeKeys = writeKeys;
        this.guard = guard;
        this.apps = apps;
        this.parser = parser;
        this.idempotency = idempotency;
        this.admission = admission;
        this.publisher = publisher;
    }

    Uni<Idempotency.Reply<IngestResult>> ingest(Caller caller, byte[] body, String idempotencyKey) {
        EventBatch batch = parser.parse(body, idempotencyKey);
        return guard.require(caller, batch.projectId())
                .chain(() -> once(caller.subject(), batch, idempotencyKey, null));
    }

    /**
     * {@code POST /v1/sdk/events}: as {@link #ingest}, with the project and app the write key names; the source
     * address spends its own budget too.
     */
    Uni<Idempotency.Reply<IngestResult>> ingestSdk(
            String writeKey, String sourceIp, byte[] body, String idempotencyKey) {
        return writeKeys
                .require(writeKey)
                .chain(owner -> once(
                        "write-key:" + owner.writeKeyId(),
                        parser.parse(body, idempotencyKey, owner),
                        idempotencyKey,
                        sourceIp));
    }

    /** The batch's app, then the batch processed once per Idempotency-Key of the caller. */
    private Uni<Idempotency.Reply<IngestResult>> once(
            String subject, EventBatch batch, String idempotencyKey, String sourceIp) {
        return app(batch)
                .chain(app -> idempotency.once(
                        subject,
                        batch.projectId(),
                        null,
                        idempotencyKey,
                        batch.requestHash(),
                        202,
                        () -> process(batch, app, sourceIp)));
    }

    /** The batch's SDK app, or the 400 that names it as none of the project's. */
    public Uni<SdkApp> app(EventBatch batch) {
        return apps.find(batch.projectId(), batch.sdkAppId())
                .map(found -> found.orElseThrow(() -> ApiException.validation(
                        "sdkAppId " + batch.sdkAppId() + " is not an SDK app of project " + batch.projectId())));
    }

    /**
     * Admits a parsed batch (suppression, dedup check, rate limits) and publishes what it accepted, answering once
     * Kafka acknowledged every accepted event.
     *
     * @param sourceIp the sender's address for its own budget (SDK paths), or null (a partner's server)
     */
    public Uni<IngestResult> process(EventBatch batch, SdkApp app, String sourceIp) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return admission
                .admit(batch, app, sourceIp)
                .chain(admitted -> publisher
                        .publish(batch.projectId(), batch.sdkAppId(), receivedAt, admitted.toPublish())
                        .replaceWith(admitted.result()));
    }
}
