package com.layers.telemetry.users;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.userdata.UserDataEraser;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Erases users' profiles (properties, consent, activity: all one row) and takes them out of the project's user count,
 * in a lane of its own so it never waits on storage's lanes. Events a user sends after the request start a new
 * profile.
 */
@ApplicationScoped
class ProfileEraser implements UserDataEraser {
    /** The user count's lane for erasures (storage's lanes are Kafka partitions, 0 and up). */
    private static final int ERASURE_LANE = -1;

    private static final String PROFILES = """
            WITH gone AS (
                DELETE FROM user_profiles WHERE project_id = $1 AND app_user_id = ANY($2) RETURNING 1),
            n AS (SELECT count(*) AS c FROM gone),
            counted AS (
                INSERT INTO project_user_counts AS u (project_id, lane, users) SELECT $1, $3, -c FROM n WHERE c > 0
                ON CONFLICT (project_id, lane) DO UPDATE SET users = u.users + EXCLUDED.users
                RETURNING 1)
            SELECT c AS profiles FROM n""";

    @Override
    public List<SqlStatement> eraseUsers(String projectId, List<String> appUserIds, Instant erasedBefore) {
        return List.of(
                new SqlStatement(PROFILES, Tuple.of(projectId, appUserIds.toArray(String[]::new), ERASURE_LANE)));
    }
}
