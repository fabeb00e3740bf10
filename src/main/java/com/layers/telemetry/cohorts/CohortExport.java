package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.UserDataExport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** A user's export: every cohort they are or were in, with the last entry and the exit after it (null while in). */
@ApplicationScoped
class CohortExport implements UserDataExport {
    private static final String ROWS = "SELECT 1 FROM cohort_members WHERE project_id = $1 AND app_user_id = $2";
    private static final String MEMBERSHIPS = """
            SELECT cohort_id, entered_at, exited_at FROM cohort_members
             WHERE project_id = $1 AND app_user_id = $2 ORDER BY cohort_id""";

    private final Pool pool;

    CohortExport(Pool pool) {
        this.pool = pool;
    }

    @RegisterForReflection
    record Membership(String cohortId, String enteredAt, String exitedAt) {}

    @Override
    public String field() {
        return "cohorts";
    }

    @Override
    public int position() {
        return 5;
    }

    @Override
    public boolean array() {
        return true;
    }

    @Override
    public Uni<Boolean> holds(String projectId, String appUserId) {
        return UserDataExport.any(pool, ROWS, projectId, appUserId);
    }

    /** At most one row per cohort of the project (a bounded number): read in one statement. */
    @Override
    public Multi<?> items(String projectId, String appUserId) {
        return pool.preparedQuery(MEMBERSHIPS)
                .execute(Tuple.of(projectId, appUserId))
                .onItem()
                .transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(r -> new Membership(
                        r.getString("cohort_id"),
                        Timestamps.iso(r.getOffsetDateTime("entered_at")),
                        r.getOffsetDateTime("exited_at") == null
                                ? null
                                : Timestamps.iso(r.getOffsetDateTime("exited_at"))));
    }
}
