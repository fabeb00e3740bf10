package com.layers.telemetry.event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the exact dedup keys ({@code event_keys}): which event ids an SDK app already stored. */
@ApplicationScoped
public class EventKeyRepository {
    /**
     * One point lookup per id, whatever the statistics say. The plain {@code event_id = ANY($3)} let the planner, for
     * a project its statistics had not seen yet (every new one, until the next ANALYZE), scan all of the app's keys
     * and filter them: 7-22 ms per batch instead of 0.6 in the benchmark, growing with the app's history. The LIMIT
     * keeps the lateral subquery from being flattened into a join the planner could turn into that scan again.
     */
    static final String EXISTING = """
            SELECT k.event_id
              FROM unnest($3::text[]) AS i(event_id),
                   LATERAL (SELECT event_id FROM event_keys
                             WHERE project_id = $1 AND sdk_app_id = $2 AND event_id = i.event_id LIMIT 1) k""";

    private final Pool pool;

    public EventKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Which of these event ids are already stored for the app (one query). */
    public Uni<Set<String>> existingIds(String projectId, String sdkAppId, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(EXISTING)
                .execute(Tuple.of(projectId, sdkAppId, eventIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    for (Row r : rows) {
                        found.add(r.getString("event_id"));
                    }
                    return found;
                });
    }
}
