package com.layers.telemetry.event;

import com.layers.telemetry.common.SqlStatement;
import java.util.List;

/**
 * How a feature learns of newly stored events. The storage transaction asks every writer, phase by phase, for
 * the statements that record the batch's new events (never a duplicate), and runs them in the same PostgreSQL
 * transaction that stored the events: a writer's rows commit or roll back with the events, and a redelivered batch
 * reaches no writer twice.
 *
 * <p>{@link #statements} does no I/O: storage calls it off the event loop before the transaction opens, for all the
 * batch's candidates (almost always all new), and again only in the rare batch where some turned out to be
 * duplicates. The transaction then holds its connection only for the statements themselves. Statements run in
 * phase order, so a later phase's statement sees what an earlier phase wrote.
 */
public interface NewEventsWriter {
    /** When a writer's statements run in the storage transaction, and what they may read of the others'. */
    enum Phase {
        /** Per-user state (the profile: properties, consent, activity). First: later phases read the users as of this batch. */
        PROFILES,
        /** Aggregates that name no user (the daily conversions rollup). They read nothing the others write. */
        ROLLUPS,
        /** Queues of work done after the commit (relay, attribution). Last: they may read profiles (consent) as of this batch. */
        OUTBOXES
    }

    Phase phase();

    /** The statements (often one, possibly none) that record these new events. */
    List<SqlStatement> statements(NewEvents fresh);
}
