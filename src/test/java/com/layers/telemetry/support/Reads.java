package com.layers.telemetry.support;

import static org.awaitility.Awaitility.await;

import com.layers.telemetry.common.TimeSource;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers for read-API tests: send events and wait until they are stored, pin the read clock. */
public final class Reads {
    private Reads() {}

    /** Posts the events (any number, in batches of 100) and waits until every accepted one is stored. */
    public static void ingest(Api.ProjectFixture p, List<Map<String, Object>> events) {
        String key = p.key("events:write");
        for (int from = 0; from < events.size(); from += 100) {
            List<Map<String, Object>> batch = events.subList(from, Math.min(events.size(), from + 100));
            Api.as(key).body(Events.batch(p, batch)).post("/v1/events").then().statusCode(202);
        }
        long ids = events.stream()
                .map(e -> e.get("eventId"))
                .filter(Objects::nonNull)
                .distinct()
                .count();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) >= ids);
    }

    public static Map<String, Object> event(
            String name, String user, String eventId, Instant occurredAt, Map<String, Object> properties) {
        Map<String, Object> e = Events.event(name, user, eventId);
        e.put("occurredAt", occurredAt.toString());
        if (properties != null) {
            e.put("properties", properties);
        }
        return e;
    }

    /** Every read in this test sees {@code now}. */
    public static void pinNow(Instant now) {
        QuarkusMock.installMockForType(
                new TimeSource() {
                    @Override
                    public Instant now() {
                        return now;
                    }
                },
                TimeSource.class);
    }

    public static Response get(Api.ProjectFixture p, String scope, String path) {
        return Api.as(p.key(scope)).get("/v1/projects/" + p.projectId() + path);
    }
}
