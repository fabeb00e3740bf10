package com.layers.telemetry.pipeline;

import com.layers.telemetry.admin.SdkAppDirectory;
import com.layers.telemetry.users.ProfileWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores what arrives on {@code sdk-events}, a poll batch at a time: one PostgreSQL transaction per batch (events,
 * then the user profiles, properties and rollups of the newly stored ones), and the
 * batch is acknowledged (so its offsets may be committed) only after that transaction committed and the batch's bad
 * records reached the DLQ. Transient failures are retried without end, never skipped; a record storage itself
 * refuses is isolated and dead-lettered, so a poison record never stops the consumer.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private final RecordDecoder decoder;
    private final SdkAppDirectory apps;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final Pool pool;
    private final ProfileWriter profiles;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final io.micrometer.core.instrument.DistributionSummary batchSize;
    private final io.micrometer.core.instrument.Timer batchTime;

    public EventConsumer(RecordDecoder decoder, SdkAppDirectory apps, EventStore store, DeadLetters deadLetters, Pool pool,
            ProfileWriter profiles, MeterRegistry metrics) {
        this.profiles = profiles;
        this.decoder = decoder;
        this.apps = apps;
        this.store = store;
        this.deadLetters = deadLetters;
        this.pool = pool;
        this.stored = metrics.counter("telemetry.events.stored");
        this.duplicates = metrics.counter("telemetry.events.duplicates");
        this.deadLettered = metrics.counter("telemetry.events.dead_lettered");
        this.batchSize = io.micrometer.core.instrument.DistributionSummary.builder("telemetry.consumer.batch.records")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.batchTime = io.micrometer.core.instrument.Timer.builder("telemetry.consumer.batch.duration")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    @Incoming("sdk-events-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> batch) {
        long started = System.nanoTime();
        batchSize.record(batch.count());
        List<IncomingEvent> events = new ArrayList<>(batch.count());
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            RecordDecoder.Decoded d = decoder.decode(record);
            if (d.event() != null) {
                events.add(d.event());
            } else {
                dead.add(d.dead());
            }
        }
        return knownApps(events, dead)
                .chain(known -> write(distinct(known)).invoke(dead::addAll))
                .chain(() -> dead.isEmpty() ? Uni.createFrom().voidItem() : retried(deadLetters.publish(dead), "dead-letter")
                        .invoke(() -> deadLettered.increment(dead.size())))
                .invoke(() -> batchTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /** Events whose (project, SDK app) does not exist go to the DLQ; the rest are returned. */
    private Uni<List<IncomingEvent>> knownApps(List<IncomingEvent> events, List<DeadLetters.DeadLetter> dead) {
        Map<String, List<IncomingEvent>> byApp = new LinkedHashMap<>();
        for (IncomingEvent e : events) {
            byApp.computeIfAbsent(e.projectId() + '\u0000' + e.sdkAppId(), k -> new ArrayList<>()).add(e);
        }
        return Multi.createFrom().iterable(byApp.values())
                .onItem().transformToUniAndConcatenate(group -> {
                    IncomingEvent first = group.get(0);
                    return retried(apps.find(first.projectId(), first.sdkAppId()), "app lookup").map(found -> {
                        if (found.isPresent()) {
                            return group;
                        }
                        for (IncomingEvent e : group) {
                            dead.add(new DeadLetters.DeadLetter(e.record(), "unknown_sdk_app",
                                    "sdkAppId " + e.sdkAppId() + " is not an SDK app of project " + e.projectId()));
                        }
                        return List.<IncomingEvent>of();
                    });
                })
                .collect().in(ArrayList::new, List::addAll);
    }

    /** One event per dedup key (the first), in key order. */
    private static List<IncomingEvent> distinct(List<IncomingEvent> events) {
        Map<String, IncomingEvent> byKey = new LinkedHashMap<>();
        for (IncomingEvent e : events) {
            byKey.putIfAbsent(e.sortKey(), e);
        }
        List<IncomingEvent> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(IncomingEvent::sortKey));
        return out;
    }

    /** Stores the batch in one transaction; returns the dead letters of records storage refused. */
    private Uni<List<DeadLetters.DeadLetter>> write(List<IncomingEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<List<DeadLetters.DeadLetter>> attempt = Uni.createFrom().deferred(() -> transaction(events))
                .map(fresh -> List.<DeadLetters.DeadLetter>of())
                .onFailure(EventConsumer::refusedByStorage).recoverWithUni(e -> isolate(events));
        return retried(attempt, "store batch");
    }

    private Uni<Integer> transaction(List<IncomingEvent> events) {
        return pool.withTransaction(conn -> store.insert(conn, events).call(fresh -> profiles.apply(conn, fresh)))
                .map(fresh -> {
                    stored.increment(fresh.size());
                    duplicates.increment(events.size() - fresh.size());
                    return fresh.size();
                });
    }

    /** Data the database refuses in a batch: store record by record and dead-letter the ones it still refuses. */
    private Uni<List<DeadLetters.DeadLetter>> isolate(List<IncomingEvent> events) {
        LOG.warnf("Storage refused a batch of %d; isolating the bad records", events.size());
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> transaction(List.of(e))
                        .map(n -> (DeadLetters.DeadLetter) null)
                        .onFailure(EventConsumer::refusedByStorage)
                        .recoverWithItem(err -> new DeadLetters.DeadLetter(e.record(), "storage_rejected", err.getMessage())))
                .filter(d -> d != null)
                .collect().asList();
    }

    /** SQLSTATE classes 22 (data exception), 23 (integrity) and 54 (limits): retrying the same rows cannot help. */
    static boolean refusedByStorage(Throwable e) {
        if (!(e instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String cls = pg.getSqlState().substring(0, 2);
        return cls.equals("22") || cls.equals("23") || cls.equals("54");
    }

    private static <T> Uni<T> retried(Uni<T> work, String what) {
        return work.onFailure().invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
    }
}
