package com.layers.telemetry.pipeline;

import com.layers.telemetry.common.PgErrors;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import com.layers.telemetry.userdata.UserBlocks;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Stores a batch in one PostgreSQL transaction: the events (exact dedup), then every {@link NewEventsWriter}
 * (profiles, conversions, relay and attribution outboxes) with only the events that were new. All statements are
 * built before the transaction opens, off the event loop, so it holds its connection only while PostgreSQL works;
 * the writers' statements are sent together (pipelined, run in order). Transient failures are retried without end,
 * never skipped; rows the database refuses are isolated record by record and returned as dead letters, so a poison
 * record never stops storage.
 */
@ApplicationScoped
class StorageTransaction {
    private static final Logger LOG = Logger.getLogger(StorageTransaction.class);
    private final Pool pool;
    private final EventRepository events;
    private final List<NewEventsWriter> writers;
    private final UserBlocks blocks;

    StorageTransaction(Pool pool, EventRepository events, @All List<NewEventsWriter> writers, UserBlocks blocks) {
        this.pool = pool;
        this.events = events;
        this.blocks = blocks;
        // Phase order; within a phase, a fixed order (by class) so every run issues statements alike.
        this.writers = writers.stream()
                .sorted(Comparator.comparing(NewEventsWriter::phase)
                        .thenComparing(w -> w.getClass().getName()))
                .toList();
    }

    Uni<BatchOutcome> store(List<IncomingEvent> batch, int lane) {
        List<IncomingEvent> distinct = distinct(batch);
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(new BatchOutcome(0, 0, batch.size(), List.of()));
        }
        Uni<BatchOutcome> attempt = Uni.createFrom()
                .deferred(() -> transaction(distinct, lane))
                .map(r ->
                        new BatchOutcome(r.stored(), r.withheld(), batch.size() - r.stored() - r.withheld(), List.of()))
                .onFailure(PgErrors::isRefusedData)
                .recoverWithUni(e -> isolate(batch, distinct, lane));
        return Retries.forever(attempt, "store batch");
    }

    /** One event per dedup key (the first), in key order: concurrent transactions take row locks in one order. */
    private static List<IncomingEvent> distinct(List<IncomingEvent> events) {
        TreeMap<ReceivedEvent, IncomingEvent> byKey = new TreeMap<>(ReceivedEvent.KEY_ORDER);
        for (IncomingEvent e : events) {
            byKey.putIfAbsent(e.event(), e);
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * The statements of one attempt, built for every candidate that may be stored as if all were new (the usual case).
     * Withheld events (their user suppressed or erased) only claim their dedup key, so no retry or replay stores them.
     */
    private record Plan(List<ReceivedEvent> candidates, int withheld, SqlStatement insert, List<SqlStatement> writes) {}

    /** What one transaction stored, and how many events it withheld. */
    private record Stored(int stored, int withheld) {}

    /**
     * One attempt. When a privacy request changed a project's lists after this instance loaded them (the insert fails
     * with TLPRV), the lists are reloaded and the batch planned again: a suppression is in force for storage on every
     * instance from its commit on, not only from the next reload.
     */
    private Uni<Stored> transaction(List<IncomingEvent> batch, int lane) {
        return once(batch, lane)
                .onFailure(PgErrors::isPrivacyMoved)
                .recoverWithUni(e -> Multi.createFrom()
                        .iterable(projects(batch))
                        .onItem()
                        .transformToUniAndConcatenate(blocks::reload)
                        .collect()
                        .last()
                        .chain(() -> once(batch, lane)));
    }

    private static Set<String> projects(List<IncomingEvent> batch) {
        Set<String> out = new TreeSet<>();
        batch.forEach(e -> out.add(e.event().projectId()));
        return out;
    }

    private Uni<Stored> once(List<IncomingEvent> batch, int lane) {
        return Uni.createFrom()
                .item(() -> plan(batch, lane))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(plan ->
                        pool.withTransaction(tx -> execute(tx, plan.insert()).chain(inserted -> {
                            List<ReceivedEvent> fresh = EventRepository.fresh(plan.candidates(), inserted);
                            List<SqlStatement> writes =
                                    fresh.size() == plan.candidates().size()
                                            ? plan.writes()
                                            : writes(new NewEvents(fresh, lane));
                            return executeAll(tx, writes).replaceWith(new Stored(fresh.size(), plan.withheld()));
                        })));
    }

    /** Built per attempt, so an attempt retried after a privacy request is checked against it. */
    private Plan plan(List<IncomingEvent> batch, int lane) {
        List<ReceivedEvent> all = new ArrayList<>(batch.size());
        boolean[] withheld = new boolean[batch.size()];
        List<ReceivedEvent> candidates = new ArrayList<>(batch.size());
        // Read before the flags: lists loaded meanwhile are newer than these versions, never older.
        Map<String, Long> listVersions = new TreeMap<>();
        projects(batch).forEach(p -> listVersions.put(p, blocks.version(p)));
        for (int i = 0; i < batch.size(); i++) {
            ReceivedEvent e = batch.get(i).event();
            all.add(e);
            withheld[i] = blocks.blocked(e.projectId(), e.event().appUserId(), e.receivedAt()) != null;
            if (!withheld[i]) {
                candidates.add(e);
            }
        }
        return new Plan(
                candidates,
                all.size() - candidates.size(),
                events.insert(all, withheld, listVersions),
                writes(new NewEvents(candidates, lane)));
    }

    private List<SqlStatement> writes(NewEvents fresh) {
        List<SqlStatement> all = new ArrayList<>();
        if (!fresh.events().isEmpty()) {
            writers.forEach(w -> all.addAll(w.statements(fresh)));
        }
        return all;
    }

    private static Uni<RowSet<Row>> execute(SqlConnection tx, SqlStatement s) {
        return tx.preparedQuery(s.sql()).execute(s.args());
    }

    /** Sent back to back: the connection pipelines them and PostgreSQL runs them in order. */
    private static Uni<Void> executeAll(SqlConnection tx, List<SqlStatement> statements) {
        if (statements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(statements.stream().map(s -> execute(tx, s)).toList())
                .andFailFast()
                .replaceWithVoid();
    }

    /** Data the database refuses in a batch: store record by record and dead-letter the ones it still refuses. */
    private Uni<BatchOutcome> isolate(List<IncomingEvent> batch, List<IncomingEvent> distinct, int lane) {
        LOG.warnf("Storage refused a batch of %d; isolating the bad records", distinct.size());
        return Multi.createFrom()
                .iterable(distinct)
                .onItem()
                .transformToUniAndConcatenate(e -> transaction(List.of(e), lane)
                        .map(r -> new BatchOutcome(r.stored(), r.withheld(), 0, List.of()))
                        .onFailure(PgErrors::isRefusedData)
                        .recoverWithItem(err -> new BatchOutcome(
                                0,
                                0,
                                0,
                                List.of(new DeadLetters.DeadLetter(e.record(), "storage_rejected", err.getMessage())))))
                .collect()
                .in(ArrayList<BatchOutcome>::new, List::add)
                .map(parts -> {
                    int stored = parts.stream().mapToInt(BatchOutcome::stored).sum();
                    int withheld =
                            parts.stream().mapToInt(BatchOutcome::withheld).sum();
                    List<DeadLetters.DeadLetter> dead = parts.stream()
                            .flatMap(p -> p.deadLetters().stream())
                            .toList();
                    return new BatchOutcome(stored, withheld, batch.size() - stored - withheld - dead.size(), dead);
                });
    }
}
