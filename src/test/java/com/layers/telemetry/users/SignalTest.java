package com.layers.telemetry.users;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignalTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theDocumentedShape() {
        Reads.pinNow(NOW);
        Api.ProjectFixture p = Api.newProject();
        Map<String, Object> open = Reads.event("app_open", "user_a", Events.id(), NOW.minus(Duration.ofDays(2)), null);
        open.put(
                "context",
                Map.of(
                        "locale",
                        "en-US",
                        "consent",
                        Map.of("analytics", true, "marketing", false, "personalization", true),
                        "device",
                        Map.of("id", "d1")));
        open.put("identity", Map.of("email", "alice@example.com"));
        Map<String, Object> plan = Reads.event(
                "upgrade",
                "user_a",
                Events.id(),
                NOW.minus(Duration.ofHours(1)),
                props("$set", props("plan", "pro", "signup_source", "ios_appstore")));
        Reads.ingest(p, List.of(open, plan));

        Reads.get(p, "events:read", "/users/user_a/signal")
                .then()
                .statusCode(200)
                .body("appUserId", equalTo("user_a"))
                .body("firstSeen", equalTo(NOW.minus(Duration.ofDays(2)).toString()))
                .body("lastSeen", equalTo(NOW.minus(Duration.ofHours(1)).toString()))
                .body("eventCount30d", equalTo(2))
                .body("properties.plan", equalTo("pro"))
                .body("properties.signup_source", equalTo("ios_appstore"))
                .body("properties.locale", equalTo("en-US"))
                .body("properties.email", equalTo("[redacted]"))
                .body("consent.analytics", equalTo(true))
                .body("consent.marketing", equalTo(false))
                .body("consent.personalization", equalTo(true))
                .body(
                        "consent.capturedAt",
                        equalTo(NOW.minus(Duration.ofDays(2)).toString()))
                .body("cohorts", equalTo(List.of()))
                .body("retention.day1", equalTo(true))
                .body("retention.day7", nullValue())
                .body("retention.day30", nullValue())
                .body("refreshedAt", notNullValue());
        Reads.get(p, "events:read+pii", "/users/user_a/signal")
                .then()
                .statusCode(200)
                .body("properties.email", equalTo("alice@example.com"));
    }

    @Test
    void notFoundCases() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(Events.event("a", "known", Events.id())));
        Reads.get(p, "events:read", "/users/nobody/signal")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.ProjectFixture other = Api.newProject();
        Api.as(other.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/users/known/signal")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Reads.get(p, "events:write", "/users/known/signal").then().statusCode(403);
    }

    @Test
    void consentNeverCapturedIsAllNull() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(Events.event("a", "u", Events.id())));
        Reads.get(p, "events:read", "/users/u/signal")
                .then()
                .statusCode(200)
                .body("consent.analytics", nullValue())
                .body("consent.marketing", nullValue())
                .body("consent.personalization", nullValue())
                .body("consent.capturedAt", nullValue())
                .body("consent", Matchers.aMapWithSize(4));
    }

    @Test
    void lateAndBackfilledEventsNeverOverwriteNewerProperties() {
        Reads.pinNow(NOW);
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(
                p,
                List.of(Reads.event(
                        "upgrade",
                        "u",
                        Events.id(),
                        NOW.minus(Duration.ofHours(1)),
                        props("$set", props("plan", "pro")))));
        Reads.ingest(
                p,
                List.of(
                        Reads.event(
                                "downgrade",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofDays(3)),
                                props("$set", props("plan", "free", "tier", "basic"))),
                        Reads.event(
                                "identify",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofDays(40)),
                                props("plan", "trial", "age", 31))));
        Reads.get(p, "events:read", "/users/u/signal")
                .then()
                .statusCode(200)
                .body("properties.plan", equalTo("pro"))
                .body("properties.tier", equalTo("basic"))
                .body("properties.age", equalTo(31))
                .body("firstSeen", equalTo(NOW.minus(Duration.ofDays(40)).toString()));
        // A newer identify wins; an $unset newer than the value removes it, an older one does not.
        Reads.ingest(
                p,
                List.of(
                        Reads.event(
                                "identify", "u", Events.id(), NOW.minus(Duration.ofMinutes(30)), props("plan", "team")),
                        Reads.event(
                                "x",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofMinutes(20)),
                                props("$unset", List.of("age"))),
                        Reads.event(
                                "y",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofDays(5)),
                                props("$unset", List.of("tier")))));
        Reads.get(p, "events:read", "/users/u/signal")
                .then()
                .statusCode(200)
                .body("properties.plan", equalTo("team"))
                .body("properties.tier", equalTo("basic"))
                .body("properties", Matchers.not(Matchers.hasKey("age")));
    }

    @Test
    void setOnceKeepsTheEarliestValue() {
        Reads.pinNow(NOW);
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(
                p,
                List.of(Reads.event(
                        "a",
                        "u",
                        Events.id(),
                        NOW.minus(Duration.ofDays(2)),
                        props("$set_once", props("first_source", "ads")))));
        Reads.ingest(
                p,
                List.of(Reads.event(
                        "b",
                        "u",
                        Events.id(),
                        NOW.minus(Duration.ofDays(1)),
                        props("$set_once", props("first_source", "organic")))));
        Reads.get(p, "events:read", "/users/u/signal").then().body("properties.first_source", equalTo("ads"));
        Reads.ingest(
                p,
                List.of(Reads.event(
                        "c",
                        "u",
                        Events.id(),
                        NOW.minus(Duration.ofDays(9)),
                        props("$set_once", props("first_source", "referral")))));
        Reads.get(p, "events:read", "/users/u/signal").then().body("properties.first_source", equalTo("referral"));
    }

    @Test
    void retentionAtEachSideOfTheWindowEdges() {
        Api.ProjectFixture p = Api.newProject();
        Instant first = NOW.minus(Duration.ofDays(40));
        Reads.ingest(
                p,
                List.of(
                        Reads.event("first", "r", Events.id(), first, null),
                        // day 1: exactly at the window's start counts
                        Reads.event("d1", "r", Events.id(), first.plus(Duration.ofDays(1)), null),
                        // day 7: one microsecond before the window opens, so day 6, not day 7
                        Reads.event(
                                "d6",
                                "r",
                                Events.id(),
                                first.plus(Duration.ofDays(7)).minusNanos(1000),
                                null),
                        // day 30: one microsecond before the window closes still counts
                        Reads.event(
                                "d30",
                                "r",
                                Events.id(),
                                first.plus(Duration.ofDays(31)).minusNanos(1000),
                                null)));
        Reads.pinNow(NOW);
        Reads.get(p, "events:read", "/users/r/signal")
                .then()
                .statusCode(200)
                .body("retention.day1", equalTo(true))
                .body("retention.day7", equalTo(false))
                .body("retention.day30", equalTo(true));

        Api.ProjectFixture q = Api.newProject();
        Instant start = NOW.minus(Duration.ofDays(2));
        Reads.ingest(q, List.of(Reads.event("first", "s", Events.id(), start, null)));
        // The day-1 window [start+24h, start+48h) closes exactly at NOW.
        Reads.pinNow(NOW.minusNanos(1000));
        Reads.get(q, "events:read", "/users/s/signal").then().body("retention.day1", nullValue());
        Reads.pinNow(NOW);
        Reads.get(q, "events:read", "/users/s/signal")
                .then()
                .body("retention.day1", equalTo(false))
                .body("retention.day7", nullValue());
        // An event arriving late for the closed window flips it to true.
        Reads.ingest(q, List.of(Reads.event("late", "s", Events.id(), start.plus(Duration.ofHours(30)), null)));
        Reads.get(q, "events:read", "/users/s/signal").then().body("retention.day1", equalTo(true));
    }

    @Test
    void eventCount30dAcrossTheThirtyDayEdge() {
        Api.ProjectFixture p = Api.newProject();
        Instant edge = NOW.minus(Duration.ofDays(30));
        Reads.ingest(
                p,
                List.of(
                        Reads.event("in", "c", Events.id(), edge.plusSeconds(1), null),
                        Reads.event("on", "c", Events.id(), edge, null),
                        Reads.event("out", "c", Events.id(), edge.minusSeconds(1), null),
                        Reads.event("mid", "c", Events.id(), NOW.minus(Duration.ofDays(12)), null),
                        Reads.event(
                                "mid2",
                                "c",
                                Events.id(),
                                NOW.minus(Duration.ofDays(12)).plusSeconds(5),
                                null),
                        Reads.event("today", "c", Events.id(), NOW.minusSeconds(1), null),
                        Reads.event("ahead", "c", Events.id(), NOW.plus(Duration.ofHours(2)), null)));
        Reads.pinNow(NOW);
        Reads.get(p, "events:read", "/users/c/signal").then().body("eventCount30d", equalTo(5));
        Reads.pinNow(NOW.plusSeconds(2));
        Reads.get(p, "events:read", "/users/c/signal").then().body("eventCount30d", equalTo(3));
    }

    @Test
    void projectPiiKeysAndConsentEvents() {
        String id = "prj_pii_" + Long.toString(System.nanoTime(), 36);
        Api.as(TestKeys.admin())
                .body(Map.of("id", id, "name", "PII", "piiKeys", List.of("national_id")))
                .post("/v1/admin/projects")
                .then()
                .statusCode(201)
                .body("piiKeys", equalTo(List.of("national_id")));
        Api.as(TestKeys.admin())
                .body(Map.of("id", "app_1", "name", "A", "platform", "web"))
                .post("/v1/admin/projects/" + id + "/sdk-apps")
                .then()
                .statusCode(201);
        Api.ProjectFixture p = new Api.ProjectFixture(id, "app_1");
        Reads.pinNow(NOW);
        Reads.ingest(
                p,
                List.of(
                        Reads.event(
                                "identify",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofHours(3)),
                                props("national_id", "X1", "name", "Al", "plan", "pro")),
                        Reads.event(
                                "consent_updated",
                                "u",
                                Events.id(),
                                NOW.minus(Duration.ofHours(2)),
                                props("analytics", false, "marketing", true, "personalization", false))));
        Reads.get(p, "events:read", "/users/u/signal")
                .then()
                .statusCode(200)
                .body("properties.national_id", equalTo("[redacted]"))
                .body("properties.name", equalTo("[redacted]"))
                .body("properties.plan", equalTo("pro"))
                .body("consent.marketing", equalTo(true))
                .body(
                        "consent.capturedAt",
                        equalTo(NOW.minus(Duration.ofHours(2)).toString()));
    }
}
