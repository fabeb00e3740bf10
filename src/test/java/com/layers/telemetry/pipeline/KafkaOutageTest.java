package com.layers.telemetry.pipeline;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KafkaOutageTest {

    @Test
    void brokerDownIs503WithinSecondsAndBackTo202WhenItReturns() {
        Api.ProjectFixture p = Api.newProject();
        String token = p.key("events:write");
        Api.as(token)
                .body(Events.batch(p, List.of(Events.event("before", "u", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202);

        TestKafka.current().down();
        try {
            String lost = Events.id();
            long start = System.nanoTime();
            Response r = Api.as(token)
                    .body(Events.batch(p, List.of(Events.event("during", "u", lost))))
                    .post("/v1/events");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            r.then()
                    .statusCode(503)
                    .body("error.code", equalTo("UNAVAILABLE"))
                    .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));
            // "Within a few seconds": the configured publish timeout (5 s) plus request overhead.
            Assertions.assertThat(tookMs).isLessThan(8_000);
            // Readiness follows the broker: a balancer stops sending ingest traffic here.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> RestAssured.get("/q/health/ready").statusCode() == 503);
        } finally {
            TestKafka.current().up();
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        String after = Events.id();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.as(token)
                                .body(Events.batch(p, List.of(Events.event("after", "u", after))))
                                .post("/v1/events")
                                .statusCode()
                        == 202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = ? AND event_id = ?",
                                p.projectId(),
                                after)
                        == 1);
    }
}
