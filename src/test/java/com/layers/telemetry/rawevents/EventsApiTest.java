package com.layers.telemetry.rawevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventsApiTest {
    private static final Instant T = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void filtersRedactionAndCursorPagesWithoutGapsWhileEventsArrive() {
        Api.ProjectFixture p = Api.newProject();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            Map<String, Object> e = Reads.event(
                    i % 3 == 0 ? "tap" : "view",
                    "u" + (i % 4),
                    "evt_" + i,
                    T.plusSeconds(i / 2),
                    Map.of("email", "x@y.z", "i", i));
            e.put("identity", Map.of("email", "x@y.z"));
            events.add(e);
        }
        Reads.ingest(p, events);

        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String q = "/events?limit=10" + (cursor != null ? "&cursor=" + cursor : "");
            var page = Reads.get(p, "events:read", q).then().statusCode(200).extract();
            List<String> ids = page.path("data.eventId");
            assertThat(ids).allSatisfy(id -> assertThat(seen).doesNotContain(id));
            seen.addAll(ids);
            cursor = page.path("nextCursor");
            if (pages++ == 1) {
                // New events arrive mid-pagination; they sort before the cursor and do not disturb later pages.
                Reads.ingest(p, List.of(Reads.event("late", "u1", "evt_new", Instant.now(), null)));
            }
        } while (cursor != null);
        assertThat(seen).hasSize(45).doesNotContain("evt_new");

        Reads.get(p, "events:read", "/events?limit=2")
                .then()
                .body("data[0].eventId", equalTo("evt_new"))
                .body("data[1].properties.email", equalTo("[redacted]"))
                .body("data[1].identity", nullValue());
        Reads.get(p, "events:read+pii", "/events?limit=2")
                .then()
                .body("data[1].properties.email", equalTo("x@y.z"))
                .body("data[1].identity.email", equalTo("x@y.z"));
        List<String> taps = Reads.get(p, "events:read", "/events?name=tap&userId=u0&limit=200")
                .then()
                .statusCode(200)
                .extract()
                .path("data.eventId");
        assertThat(taps).containsExactly("evt_36", "evt_24", "evt_12", "evt_0");
        Reads.get(p, "events:read", "/events?since=" + T.plusSeconds(20) + "&until=" + T.plusSeconds(21) + "&limit=200")
                .then()
                .body("data.eventId", equalTo(List.of("evt_41", "evt_40")));
        Reads.get(p, "events:read", "/events?cursor=garbage!")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Reads.get(p, "events:read", "/events?since=yesterday").then().statusCode(400);
        Reads.get(p, "events:read", "/events?limit=0").then().statusCode(400);
    }

    @Test
    void readBudgetIs429WithRetryAfter() {
        Api.ProjectFixture p = Api.newProject();
        String key = p.key("events:read");
        int limited = 0;
        // 40 tokens, refilled at 20/s: requests faster than that run out within a few hundred.
        for (int i = 0; i < 300 && limited == 0; i++) {
            var r = Api.as(key).get("/v1/projects/" + p.projectId() + "/events?limit=1");
            if (r.statusCode() == 429) {
                limited++;
                r.then()
                        .body("error.code", equalTo("RATE_LIMITED"))
                        .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));
            } else {
                r.then().statusCode(200);
            }
        }
        assertThat(limited).as("the 40-request test budget ran out").isEqualTo(1);
        // Another key has its own budget.
        Api.as(p.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/events?limit=1")
                .then()
                .statusCode(200);
    }

    /** The README's one rule: a field an event can lack is present as null, never left out. */
    @Test
    void anEventsAbsentFieldsArePresentAsNull() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(Reads.event("bare", null, "evt_bare", T, null)));
        for (String scope : List.of("events:read", "events:read+pii")) {
            var event = Reads.get(p, scope, "/events")
                    .then()
                    .statusCode(200)
                    .body("data[0].eventId", equalTo("evt_bare"))
                    .extract()
                    .jsonPath()
                    .getMap("data[0]");
            assertThat(event)
                    .containsEntry("appUserId", null)
                    .containsEntry("deviceId", null)
                    .containsEntry("properties", null)
                    .containsEntry("context", null);
        }
        var pii = Reads.get(p, "events:read+pii", "/events")
                .then()
                .extract()
                .jsonPath()
                .getMap("data[0]");
        assertThat(pii).containsEntry("identity", null);
        var redacted = Reads.get(p, "events:read", "/events")
                .then()
                .extract()
                .jsonPath()
                .getMap("data[0]");
        assertThat(redacted).as("identity is only for events:read+pii keys").doesNotContainKey("identity");
    }

    @Test
    void readsRefuseCursorsAndWindowsTheyCannotHonour() {
        Api.ProjectFixture p = Api.newProject();
        Api.ProjectFixture other = Api.newProject();
        Reads.ingest(
                p,
                List.of(
                        Reads.event("a", "u", "evt_1", T, null),
                        Reads.event("b", "u", "evt_2", T.plusSeconds(1), null)));
        String cursor = Reads.get(p, "events:read", "/events?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .path("nextCursor");
        Reads.get(p, "events:read", "/events?limit=1&cursor=" + cursor)
                .then()
                .statusCode(200)
                .body("data[0].eventId", equalTo("evt_1"));

        String tampered = cursor.substring(0, 5) + (cursor.charAt(5) == 'A' ? 'B' : 'A') + cursor.substring(6);
        for (String bad : List.of(tampered, cursor.substring(0, cursor.length() - 3), cursor.substring(3))) {
            invalid(Reads.get(p, "events:read", "/events?cursor=" + bad), "cursor is not one this listing returned");
        }
        invalid(
                Api.as(TestKeys.token("events:read", List.of(p.projectId(), other.projectId())))
                        .get("/v1/projects/" + other.projectId() + "/events?cursor=" + cursor),
                "cursor is not one this listing returned");
        invalid(
                Reads.get(p, "events:read", "/apple-ads-attribution?cursor=" + cursor),
                "cursor is not one this listing returned");
        invalid(
                Api.as(TestKeys.admin())
                        .get("/v1/admin/projects/" + p.projectId() + "/relay/deliveries?cursor=" + cursor),
                "cursor is not one this listing returned");

        invalid(
                Reads.get(p, "events:read", "/events?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z"),
                "since must not be after until");
        invalid(
                Reads.get(
                        p,
                        "events:read",
                        "/apple-ads-attribution?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z"),
                "since must not be after until");
        Reads.get(p, "events:read", "/events?since=2026-11-01T00:00:00Z&until=2026-11-01T00:00:00Z")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
    }

    private static void invalid(Response r, String message) {
        r.then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", Matchers.startsWith(message));
    }
}
