package com.layers.telemetry.pipeline;

import com.layers.telemetry.event.EventRecordCodec;
import com.layers.telemetry.event.StorageLoad;
import com.layers.telemetry.tenancy.SdkAppDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores what arrives on {@code sdk-events}, a poll batch at a time: decode and validate each record, set aside the
 * ones that cannot be stored (malformed, invalid, unknown SDK app), store the rest in one transaction, dead-letter
 * the set-aside ones. The batch is acknowledged (its offsets may be committed) only after all of that, so a crash
 * redelivers it and dedup makes the redelivery change nothing.
 */
@ApplicationScoped
public class EventConsumer {
    private final EventRecordCodec codec;
    private final SdkAppDirectory apps;
    private final StorageTransaction storage;
    private final DeadLetters deadLetters;
    private final Metrics metrics;
    private final StorageLoad load;
    private final ConsumerProgress progress;

    EventConsumer(
            EventRecordCodec codec,
            SdkAppDirectory apps,
            StorageTransaction storage,
            DeadLetters deadLetters,
            MeterRegistry registry,
            ConsumerProgress progress,
            StorageLoad load) {
        this.progress = progress;
        this.load = load;
        this.codec = codec;
        this.apps = apps;
        this.storage = storage;
        this.deadLetters = deadLetters;
        this.metrics = new Metrics(registry);
    }

    @Incoming("sdk-events-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        long started = System.nanoTime();
        long batch = progress.started();
        load.batch(oldest(records));
        // Decoding is CPU work over a thousand records: off the event loop.
        return Uni.createFrom()
                .item(() -> decode(records))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(this::withoutUnknownApps)
                .chain(decoded -> storage.store(decoded.events(), decoded.lane())
                        .map(outcome -> merged(outcome, decoded.deadLetters())))
                .call(outcome -> Retries.forever(deadLetters.publish(outcome.deadLetters()), "dead-letter"))
                .invoke(outcome -> metrics.record(records.count(), outcome, started))
                .replaceWithVoid()
                .eventually(() -> progress.finished(batch));
    }

    private static long oldest(ConsumerRecords<String, byte[]> records) {
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> r : records) {
            oldest = Math.min(oldest, r.timestamp());
        }
        return oldest;
    }

    private DecodedBatch decode(ConsumerRecords<String, byte[]> records) {
        List<IncomingEvent> events = new ArrayList<>(records.count());
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventRecordCodec.Decoded d = codec.decode(record);
            if (d instanceof EventRecordCodec.Decoded.Read read) {
                events.add(new IncomingEvent(read.event(), record));
            } else if (d instanceof EventRecordCodec.Decoded.Refused refused) {
                dead.add(new DeadLetters.DeadLetter(record, refused.reason(), refused.error()));
            }
        }
        return new DecodedBatch(events, dead, DecodedBatch.lane(records));
    }

    /** Events whose (project, SDK app) does not exist go to the DLQ. */
    private Uni<DecodedBatch> withoutUnknownApps(DecodedBatch batch) {
        Map<AppKey, List<IncomingEvent>> byApp = new LinkedHashMap<>();
        for (IncomingEvent e : batch.events()) {
            // Known apps (nearly always all of them) need no lookup.
            if (apps.cached(e.event().projectId(), e.event().sdkAppId()) == null) {
                byApp.computeIfAbsent(
                                new AppKey(e.event().projectId(), e.event().sdkAppId()), k -> new ArrayList<>())
                        .add(e);
            }
        }
        if (byApp.isEmpty()) {
            return Uni.createFrom().item(batch);
        }
        return Multi.createFrom()
                .iterable(byApp.values())
                .onItem()
                .transformToUniAndConcatenate(group -> Retries.forever(
                                apps.find(
                                        group.get(0).event().projectId(),
                                        group.get(0).event().sdkAppId()),
                                "app lookup")
                        .map(found -> found.isPresent() ? List.<IncomingEvent>of() : group))
                .collect()
                .in(ArrayList<IncomingEvent>::new, List::addAll)
                .map(unknown -> batch.without(
                        unknown,
                        "unknown_sdk_app",
                        e -> "sdkAppId " + e.event().sdkAppId() + " is not an SDK app of project "
                                + e.event().projectId()));
    }

    private record AppKey(String projectId, String sdkAppId) {}

    private static BatchOutcome merged(BatchOutcome stored, List<DeadLetters.DeadLetter> setAside) {
        if (setAside.isEmpty()) {
            return stored;
        }
        List<DeadLetters.DeadLetter> all = new ArrayList<>(setAside);
        all.addAll(stored.deadLetters());
        return new BatchOutcome(stored.stored(), stored.withheld(), stored.duplicates(), all);
    }

    /** Consumer metrics for operators. */
    private static final class Metrics {
        private final Counter stored;
        private final Counter duplicates;
        private final Counter withheld;
        private final Counter deadLettered;
        private final DistributionSummary batchSize;
        private final Timer batchTime;

        Metrics(MeterRegistry registry) {
            stored = registry.counter("telemetry.events.stored");
            duplicates = registry.counter("telemetry.events.duplicates");
            withheld = registry.counter("telemetry.events.withheld");
            deadLettered = registry.counter("telemetry.events.dead_lettered");
            batchSize = DistributionSummary.builder("telemetry.consumer.batch.records")
                    .publishPercentiles(0.5, 0.99)
                    .register(registry);
            batchTime = Timer.builder("telemetry.consumer.batch.duration")
                    .publishPercentiles(0.5, 0.99)
                    .register(registry);
        }

        void record(int records, BatchOutcome outcome, long startedNanos) {
            batchSize.record(records);
            stored.increment(outcome.stored());
            duplicates.increment(outcome.duplicates());
            withheld.increment(outcome.withheld());
            deadLettered.increment(outcome.deadLetters().size());
            batchTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        }
    }
}
