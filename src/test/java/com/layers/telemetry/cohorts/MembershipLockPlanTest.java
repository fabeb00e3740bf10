package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import com.layers.telemetry.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An evaluation round locks its users in the cohort queue by one index lookup each, in key order, however many users
 * the project has queued and whatever the planner's statistics know of it (a new project's backfill queues them all).
 */
@QuarkusTest
class MembershipLockPlanTest {

    @Test
    void aRoundLocksItsUsersByOneLookupEachNotByScanningTheProjectsQueue() {
        String project = "prj_lock_" + UUID.randomUUID().toString().substring(0, 8);
        Db.execute(
                "INSERT INTO cohort_queue (project_id, app_user_id, due_at) "
                        + "SELECT ?, 'u-' || g, now() FROM generate_series(1, 30000) g",
                project);
        List<String> round = new ArrayList<>();
        for (int i = 500; i >= 1; i--) {
            round.add("u-" + i * 60);
        }
        round.add("u-gone");

        String sql = MembershipRepository.LOCK.replaceAll("\\$\\d", "?");
        List<Map<String, Object>> locked = Db.rows(sql, project, round.toArray(String[]::new), project);
        // Every queued user of the round, locked in key (byte) order; one no longer queued is left out.
        assertThat(locked.stream().map(r -> r.get("app_user_id")).toList())
                .isEqualTo(
                        round.stream().filter(u -> !u.equals("u-gone")).sorted().toList());

        String plan = Db.plan(sql, project, round.toArray(String[]::new), project);
        assertThat(plan)
                .contains("cohort_queue_pkey")
                .containsPattern("Index Cond[^\\]]*app_user_id = \\(\\(u\\.u\\)::text\\)")
                .doesNotContain("Rows Removed by Filter")
                .doesNotContain("\"Filter\"");
        Db.execute("DELETE FROM cohort_queue WHERE project_id = ?", project);
    }
}
