package com.layers.telemetry.event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * How a feature learns of newly stored events: the storage transaction calls every writer, in {@link #order()},
 * inside the same PostgreSQL transaction that stored the events, with the events that were new (never a duplicate),
 * in dedup-key order. A writer's rows therefore commit or roll back with the events themselves, and a redelivered
 * batch reaches no writer twice.
 */
public interface NewEventsWriter {
    /** Writers run in ascending order; later writers may read what earlier ones wrote in the same transaction. */
    int order();

    Uni<Void> write(SqlConnection tx, NewEvents fresh);
}
