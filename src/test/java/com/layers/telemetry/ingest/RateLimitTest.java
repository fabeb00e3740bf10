package com.layers.telemetry.ingest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitTest {

    private static List<Object> events(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Events.event("tick", "u" + i, Events.id()));
        }
        return out;
    }

    @Test
    void overTheBucketIs429WithRetryAfter() {
        Api.ProjectFixture p = Api.newProject();
        Api.ProjectFixture limited = Api.newLimitedApp(p, "app_limited", 10, 150);
        String token = p.key("events:write");

        Api.as(token)
                .body(Events.batch(limited, events(100)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(100));
        // 50 tokens left (+ a few refilled): the next 100 cannot pass, and need ~5 s of refill.
        Api.as(token)
                .body(Events.batch(limited, events(100)))
                .post("/v1/events")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("RATE_LIMITED"))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(4));
        // A small batch still fits, and another app of the project has its own bucket.
        Api.as(token)
                .body(Events.batch(limited, events(40)))
                .post("/v1/events")
                .then()
                .statusCode(202);
        Api.as(token)
                .body(Events.batch(p, events(100)))
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void resendingStoredEventsNeedsNoTokens() {
        Api.ProjectFixture p = Api.newProject();
        Api.ProjectFixture app = Api.newLimitedApp(p, "app_dups", 1, 100);
        String token = p.key("events:write");
        List<Object> batch = events(100);
        Api.as(token)
                .body(Events.batch(app, batch))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(100));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 100);
        // The bucket is empty, but a partner's blind retry of stored events is all skips and passes.
        Api.as(token)
                .body(Events.batch(app, batch))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("skipped", equalTo(100))
                .body("accepted", equalTo(0));
        Api.as(token)
                .body(Events.batch(app, events(1)))
                .post("/v1/events")
                .then()
                .statusCode(429);
    }
}
