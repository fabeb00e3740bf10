package com.layers.telemetry.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** sdk_events' monthly partitions, through the functions the migrations define. */
@ApplicationScoped
class PartitionRepository {
    private static final String ENSURE = "SELECT ensure_sdk_events_partitions(current_date, $1)";
    private static final String DROP_BEFORE = """
            SELECT drop_sdk_events_partitions_before((date_trunc('month', current_date) - make_interval(months => $1))::date)""";

    private final Pool pool;

    PartitionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the partitions of this month and the next {@code ahead} months that do not exist yet. */
    Uni<Void> ensure(int ahead) {
        return pool.preparedQuery(ENSURE).execute(Tuple.of(ahead + 1)).replaceWithVoid();
    }

    /** Drops the months that ended more than {@code months} months before this one. */
    Uni<Void> dropOlderThan(int months) {
        return pool.preparedQuery(DROP_BEFORE).execute(Tuple.of(months)).replaceWithVoid();
    }
}
