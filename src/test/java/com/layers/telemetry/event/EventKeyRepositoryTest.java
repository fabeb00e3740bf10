package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.layers.telemetry.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ingest asks which ids of a batch an app already stored. However many keys the app holds, and whatever the planner's
 * statistics know of its project, that is one index lookup per id.
 */
@QuarkusTest
class EventKeyRepositoryTest {
    @Inject
    EventKeyRepository keys;

    @Test
    void theIdsAlreadyStoredAreFoundByOneLookupEachNotByScanningTheAppsKeys() {
        // A project the statistics have never seen (as every new one is until the next ANALYZE), with an app that
        // already stored 30,000 events.
        String project = "prj_keys_" + UUID.randomUUID().toString().substring(0, 8);
        Db.execute(
                "INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at) "
                        + "SELECT ?, 'app_big', 'ev-' || g, now() FROM generate_series(1, 30000) g",
                project);
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            asked.add(i % 2 == 0 ? "ev-" + (i * 300 + 1) : "new-" + i);
        }

        assertThat(keys.existingIds(project, "app_big", asked).await().indefinitely())
                .containsExactlyInAnyOrderElementsOf(
                        asked.stream().filter(id -> id.startsWith("ev-")).toList());

        String plan = Db.plan(
                EventKeyRepository.EXISTING.replaceAll("\\$\\d", "?"),
                asked.toArray(String[]::new),
                project,
                "app_big");
        assertThat(plan)
                .contains("event_keys_pkey")
                .containsPattern("Index Cond[^\\]]*event_id = i\\.event_id")
                .doesNotContain("Rows Removed by Filter")
                .doesNotContain("\"Filter\"");
    }
}
