package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.SuppressionListener;
import com.layers.telemetry.userdata.UserDataEraser;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Erasure: the users leave the queue first (waiting for an evaluation under way to commit: it locks their queue rows),
 * then every cohort, entries and exits alike. Suppression and unsuppression: the users are evaluated again once every
 * instance holds the change, so a suppressed user leaves every cohort and enters none.
 */
@ApplicationScoped
class CohortEraser implements UserDataEraser, SuppressionListener {
    private static final String UNQUEUE = """
            WITH gone AS (DELETE FROM cohort_queue WHERE project_id = $1 AND app_user_id = ANY($2) RETURNING 1)
            SELECT 0::int8 AS "cohortMemberships" FROM (SELECT count(*) FROM gone) n""";
    private static final String MEMBERSHIPS = """
            WITH gone AS (DELETE FROM cohort_members WHERE project_id = $1 AND app_user_id = ANY($2) RETURNING 1)
            SELECT count(*) AS "cohortMemberships" FROM gone""";
    /** Due when the change is in force everywhere; a mark of the users under way is re-run (version). */
    private static final String REQUEUE = """
            INSERT INTO cohort_queue AS q (project_id, app_user_id, due_at)
            SELECT $1, u.app_user_id, $3 FROM unnest($2::text[]) AS u(app_user_id)
             WHERE EXISTS (SELECT 1 FROM cohorts c WHERE c.project_id = $1)
             ORDER BY u.app_user_id
            ON CONFLICT (project_id, app_user_id) DO UPDATE SET due_at = EXCLUDED.due_at, version = q.version + 1""";

    @Override
    public List<SqlStatement> eraseUsers(String projectId, List<String> appUserIds, Instant erasedBefore) {
        String[] users = appUserIds.toArray(String[]::new);
        return List.of(
                new SqlStatement(UNQUEUE, Tuple.of(projectId, users)),
                new SqlStatement(MEMBERSHIPS, Tuple.of(projectId, users)));
    }

    @Override
    public List<SqlStatement> suppressionChanged(String projectId, List<String> appUserIds, Instant inForceEverywhere) {
        return List.of(new SqlStatement(
                REQUEUE,
                Tuple.of(
                        projectId,
                        appUserIds.stream().sorted().toArray(String[]::new),
                        Timestamps.utc(inForceEverywhere))));
    }
}
