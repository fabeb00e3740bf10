package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL outage is the service's dependency being away, not a bug: 503 with Retry-After, never 500; storage
 * that cannot progress shows in readiness and metrics; everything recovers when the database returns.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void everyCallAnswers503WithRetryAfterWhileTheDatabaseIsAwayAndRecovers() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(Events.event("before", "u1", Events.id())));
        String read = p.key("events:read");
        String write = p.key("events:write");

        TestPostgres.current().beginOutage();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                for (Response r : List.of(
                        Api.as(read).get("/v1/projects/" + p.projectId() + "/users/u1/signal"),
                        Api.as(read).get("/v1/projects/" + p.projectId() + "/events"),
                        Api.as(write)
                                .body(Events.batch(p, List.of(Events.event("during", "u1", Events.id()))))
                                .post("/v1/events"))) {
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 503) {
                        r.then()
                                .body("error.code", equalTo("UNAVAILABLE"))
                                .header("Retry-After", equalTo("2"))
                                .header("X-Request-Id", Matchers.notNullValue());
                    }
                }
            }
        } finally {
            TestPostgres.current().endOutage();
        }
        assertThat(statuses)
                .as("no 500 while the database is away")
                .doesNotContain(500)
                .contains(503);
        recoversAfterTheOutage(p, read, write);
    }

    @Test
    void aConsumerThatCannotStoreIsShownNotReadyAndRecovers() {
        Api.ProjectFixture p = Api.newProject();
        TestPostgres.current().beginOutage();
        try {
            // Straight onto Kafka: HTTP ingest refuses while the database is away, a direct producer does not.
            Kafka.produce(
                    List.of(
                            Kafka.record(
                                    "sdk-events",
                                    p.projectId() + ":u1",
                                    "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                                            + "\",\"event\":{\"name\":\"stuck\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u1\"}}")));
            // Stalled past telemetry.storage.stall-after (5 s in tests, 60 s by default).
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "DOWN"
                            .equals(RestAssured.get("/q/health/ready")
                                    .jsonPath()
                                    .getString("checks.find { it.name == 'Storage consumers' }.status")));
            assertThat(RestAssured.get("/q/metrics").asString())
                    .containsPattern("telemetry_consumer_oldest_batch_seconds [1-9]");
        } finally {
            TestPostgres.current().endOutage();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 1);
    }

    private static void recoversAfterTheOutage(Api.ProjectFixture p, String read, String write) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Api.as(read)
                                .get("/v1/projects/" + p.projectId() + "/users/u1/signal")
                                .statusCode()
                        == 200);
        Api.as(write)
                .body(Events.batch(p, List.of(Events.event("after", "u1", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202);
    }
}
