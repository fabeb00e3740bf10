package com.layers.telemetry.userdata;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the suppression list and the erasure ledger of a project, and the version of every project's. */
@ApplicationScoped
class UserBlockRepository {
    private static final String VERSIONS = "SELECT project_id, version FROM privacy_versions";
    private static final String VERSION = "SELECT version FROM privacy_versions WHERE project_id = $1";
    private static final String LOAD = """
            SELECT 's' AS list, user_hash, since AS at FROM privacy_suppressions WHERE project_id = $1
            UNION ALL
            SELECT 'e', user_hash, erase_before FROM privacy_erasures WHERE project_id = $1""";

    private final Pool pool;

    UserBlockRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Map<String, Long>> versions() {
        return pool.query(VERSIONS).execute().map(rows -> {
            Map<String, Long> out = new HashMap<>();
            for (Row r : rows) {
                out.put(r.getString("project_id"), r.getLong("version"));
            }
            return out;
        });
    }

    /** The project's version (0 before its first change). */
    Uni<Long> version(String projectId) {
        return pool.preparedQuery(VERSION)
                .execute(Tuple.of(projectId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("version"));
    }

    /** A project's lists: suppressed users with their start, erased users with their cut-off. */
    record Lists(List<HashList.Entry> suppressed, List<HashList.Entry> erased) {}

    Uni<Lists> load(String projectId) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(projectId)).map(rows -> {
            List<HashList.Entry> suppressed = new ArrayList<>();
            List<HashList.Entry> erased = new ArrayList<>();
            for (Row r : rows) {
                OffsetDateTime at = r.getOffsetDateTime("at");
                HashList.Entry e = new HashList.Entry(
                        r.getBuffer("user_hash").getBytes(), ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant()));
                ("s".equals(r.getString("list")) ? suppressed : erased).add(e);
            }
            return new Lists(suppressed, erased);
        });
    }
}
