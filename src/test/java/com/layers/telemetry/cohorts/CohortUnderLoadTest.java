package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cohort's backfill, its change and its deletion while events keep arriving: every read answers meanwhile, the
 * members come out exact, and the load is accepted throughout.
 */
@QuarkusTest
class CohortUnderLoadTest {
    private static final int USERS = 2000;

    @Test
    void aBackfillAChangeAndADeleteWhileEventsKeepComing() {
        Api.ProjectFixture p = Api.newProject();
        List<Map<String, Object>> seed = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String tier = i % 4 == 0 ? "gold" : i % 4 == 1 ? "bronze" : "none";
            seed.add(Reads.event(
                    "profile_updated",
                    "u" + i,
                    Events.id(),
                    Instant.now().minusSeconds(60),
                    Map.of("$set", Map.of("tier", tier))));
        }
        Reads.ingest(p, seed);

        // 500 events/s of other users, none of them gold or bronze, for the whole test.
        String writer = p.key("events:write");
        AtomicInteger sent = new AtomicInteger();
        List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(
                () -> {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        batch.add(Reads.event(
                                "screen_view",
                                "load" + (sent.get() * 100 + i) % 1000,
                                Events.id(),
                                Instant.now(),
                                Map.of("$set", Map.of("tier", "silver"))));
                    }
                    int status = Api.as(writer)
                            .body(Events.batch(p, batch))
                            .post("/v1/events")
                            .statusCode();
                    if (status != 202) {
                        refused.add(status);
                    }
                    sent.incrementAndGet();
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 3);
            int before = sent.get();
            CohortTest.put(p, "cohorts:write", "tier", "Gold", Map.of("property", "tier", "op", "eq", "value", "gold"))
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("building"))
                    .body("progress.total", greaterThanOrEqualTo(USERS));
            awaitReadyWhileEveryReadAnswers(p, USERS / 4);
            assertThat(CohortTest.members(p, "tier", "")).hasSize(USERS / 4).allMatch(u -> number(u) % 4 == 0);
            assertThat(CohortTest.cohortsOf(p, "u0")).containsExactly("tier");

            // Changed: every user evaluated again, under the same load.
            CohortTest.put(
                            p,
                            "cohorts:write",
                            "tier",
                            "Bronze",
                            Map.of("property", "tier", "op", "eq", "value", "bronze"))
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("building"))
                    .body("progress.total", greaterThanOrEqualTo(USERS));
            awaitReadyWhileEveryReadAnswers(p, USERS / 4);
            assertThat(CohortTest.members(p, "tier", "")).hasSize(USERS / 4).allMatch(u -> number(u) % 4 == 1);
            assertThat(CohortTest.cohortsOf(p, "u0")).isEmpty();
            assertThat(CohortTest.cohortsOf(p, "u1")).containsExactly("tier");

            // Deleted: out of the signal at once.
            Api.as(p.key("cohorts:write"))
                    .delete("/v1/projects/" + p.projectId() + "/cohorts/tier")
                    .then()
                    .statusCode(204);
            assertThat(CohortTest.cohortsOf(p, "u1")).isEmpty();
            assertThat(sent.get())
                    .as("batches sent while the cohort was built, changed and deleted")
                    .isGreaterThan(before);
        } finally {
            load.shutdownNow();
        }
        assertThat(refused).as("the load was accepted throughout").isEmpty();
    }

    /** Until the cohort is ready with {@code members}: its definition, its members and a signal answer 200 all along. */
    private static void awaitReadyWhileEveryReadAnswers(Api.ProjectFixture p, int members) {
        String reader = p.key("events:read");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonPath c = Api.as(reader)
                            .get("/v1/projects/" + p.projectId() + "/cohorts/tier")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    Api.as(reader)
                            .get("/v1/projects/" + p.projectId() + "/cohorts/tier/members?limit=10")
                            .then()
                            .statusCode(200);
                    Api.as(reader)
                            .get("/v1/projects/" + p.projectId() + "/users/u0/signal")
                            .then()
                            .statusCode(200);
                    if ("building".equals(c.getString("status"))) {
                        assertThat(c.getInt("progress.evaluated")).isLessThanOrEqualTo(c.getInt("progress.total"));
                        assertThat(c.getInt("progress.total")).isGreaterThanOrEqualTo(USERS);
                    }
                    return "ready".equals(c.getString("status")) && c.getInt("members") == members;
                });
    }

    private static int number(String user) {
        return Integer.parseInt(user.substring(1));
    }
}
