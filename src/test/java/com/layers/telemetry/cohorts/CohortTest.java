package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cohorts over HTTP: definitions and their limits, members and the signal following events at once and time windows
 * with no event, the backfill of a new or changed rule, deletion, and privacy.
 */
@QuarkusTest
class CohortTest {
    private static final Map<String, Object> TWO_PURCHASES =
            Map.of("event", "Purchase", "within", "30d", "count", Map.of("gte", 2));
    private static final Map<String, Object> PRO = Map.of("property", "plan", "op", "eq", "value", "pro");

    @Test
    void cohortsAreDefinedAndTheSignalAndMembersFollowEachEvent() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(
                p,
                List.of(
                        purchase("u1"),
                        purchase("u1"),
                        purchase("u2"),
                        set("u3", Map.of("plan", "pro"), Instant.now().minusSeconds(60))));

        Response created = put(p, "cohorts:write", "buyers", "Repeat buyers", TWO_PURCHASES);
        created.then()
                .statusCode(201)
                .body("cohortId", equalTo("buyers"))
                .body("name", equalTo("Repeat buyers"))
                .body("rule.event", equalTo("Purchase"))
                .body("status", equalTo("building"))
                .body("progress.total", equalTo(3));
        put(p, "admin", "pro", "Pro plan", PRO).then().statusCode(201);
        awaitReady(p, "buyers", 1);
        awaitReady(p, "pro", 1);
        assertThat(members(p, "buyers", "")).containsExactly("u1");
        assertThat(cohortsOf(p, "u1")).containsExactly("buyers");
        assertThat(cohortsOf(p, "u3")).containsExactly("pro");
        assertThat(cohortsOf(p, "u2")).isEmpty();

        // Each event moves the signal on its own: u1 takes the pro plan, u2 buys again.
        Reads.ingest(p, List.of(set("u1", Map.of("plan", "pro"), Instant.now()), purchase("u2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> cohortsOf(p, "u1").equals(List.of("buyers", "pro")));
        await().atMost(Duration.ofSeconds(10)).until(() -> cohortsOf(p, "u2").equals(List.of("buyers")));

        // The same definition again changes nothing; a changed rule is evaluated over every user.
        put(p, "cohorts:write", "buyers", "Repeat buyers", TWO_PURCHASES)
                .then()
                .statusCode(200)
                .body("status", equalTo("ready"))
                .body("members", equalTo(2));
        put(p, "cohorts:write", "buyers", "Buyers", Map.of("event", "Purchase", "within", "30d"))
                .then()
                .statusCode(200)
                .body("name", equalTo("Buyers"))
                .body("progress.total", equalTo(3));
        awaitReady(p, "buyers", 2);
        Api.as(p.key("events:read"))
                .get(base(p))
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].cohortId", equalTo("buyers"))
                .body("data[1].cohortId", equalTo("pro"))
                .body("data[1].members", equalTo(2));

        // Deleted: out of every signal at once, no wait.
        Api.as(p.key("cohorts:write")).delete(base(p) + "/pro").then().statusCode(204);
        assertThat(cohortsOf(p, "u1")).containsExactly("buyers");
        assertThat(cohortsOf(p, "u3")).isEmpty();
        Api.as(p.key("events:read"))
                .get(base(p) + "/pro")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(p.key("cohorts:write")).delete(base(p) + "/pro").then().statusCode(404);
        assertThat(Db.count(
                        "SELECT count(*) FROM cohort_members WHERE project_id = ? AND cohort_id = 'pro'",
                        p.projectId()))
                .isZero();
    }

    @Test
    void membersArePagedByUserWithEnteredAtAndEnteredSince() {
        Api.ProjectFixture p = Api.newProject();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(purchase("m" + i));
        }
        Reads.ingest(p, events);
        Instant before = Instant.now();
        put(p, "admin", "any", "Anyone who bought", Map.of("event", "Purchase", "within", "1d"))
                .then()
                .statusCode(201);
        awaitReady(p, "any", 5);
        put(p, "admin", "other", "Other", PRO).then().statusCode(201);

        JsonPath first = Api.as(p.key("events:read"))
                .get(base(p) + "/any/members?limit=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getList("members.appUserId")).containsExactly("m0", "m1");
        assertThat(Instant.parse(first.getString("members[0].enteredAt")))
                .isAfterOrEqualTo(before.truncatedTo(ChronoUnit.MILLIS));
        String cursor = first.getString("nextCursor");
        JsonPath second = Api.as(p.key("events:read"))
                .get(base(p) + "/any/members?limit=2&cursor=" + cursor)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(second.getList("members.appUserId")).containsExactly("m2", "m3");
        assertThat(members(p, "any", "&cursor=" + second.getString("nextCursor")))
                .containsExactly("m4");
        Api.as(p.key("events:read"))
                .get(base(p) + "/other/members?cursor=" + cursor)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", startsWith("cursor is not one this listing returned"));
        assertThat(members(p, "any", "&enteredSince=" + Instant.now().plusSeconds(60)))
                .isEmpty();
        assertThat(members(p, "any", "&enteredSince=" + before)).hasSize(5);
        Api.as(p.key("events:read"))
                .get(base(p) + "/any/members?enteredSince=yesterday")
                .then()
                .statusCode(400)
                .body("error.message", startsWith("enteredSince must be an ISO-8601 timestamp"));
        Api.as(p.key("events:read"))
                .get(base(p) + "/any/members?limit=201")
                .then()
                .statusCode(400);
        Api.as(p.key("events:read")).get(base(p) + "/nope/members").then().statusCode(404);
    }

    @Test
    void timeWindowsMoveMembersWithNoEvent() {
        Api.ProjectFixture p = Api.newProject();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // u_old's only event leaves the one-hour window 8 s from now; u_future's enters it 6 s from now.
        Reads.ingest(
                p,
                List.of(
                        Reads.event(
                                "Open",
                                "u_old",
                                Events.id(),
                                now.minus(Duration.ofHours(1)).plusSeconds(8),
                                null),
                        Reads.event("Open", "u_future", Events.id(), now.plusSeconds(6), null)));
        put(p, "admin", "recent", "Opened in the last hour", Map.of("event", "Open", "within", "1h"))
                .then()
                .statusCode(201);
        put(p, "admin", "inactive", "Quiet for an hour", Map.of("lastSeen", Map.of("before", "1h")))
                .then()
                .statusCode(201);
        awaitReady(p, "recent", 1);
        assertThat(members(p, "recent", "")).containsExactly("u_old");
        assertThat(members(p, "inactive", "")).isEmpty();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> members(p, "recent", "").equals(List.of("u_future")));
        assertThat(Instant.now()).as("not before the edges").isAfter(now.plusSeconds(6));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> members(p, "inactive", "").equals(List.of("u_old")));
        assertThat(cohortsOf(p, "u_old")).containsExactly("inactive");
        assertThat(Db.rows(
                                "SELECT exited_at IS NOT NULL AS exited FROM cohort_members WHERE project_id = ? "
                                        + "AND cohort_id = 'recent' AND app_user_id = 'u_old'",
                                p.projectId())
                        .get(0)
                        .get("exited"))
                .as("the exit is recorded")
                .isEqualTo(true);
    }

    @Test
    void anErasedUserLeavesEveryCohortAndASuppressedOneEntersNone() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(purchase("erin"), purchase("sam"), purchase("kim")));
        put(p, "admin", "buyers", "Buyers", Map.of("event", "Purchase", "within", "1d"))
                .then()
                .statusCode(201);
        awaitReady(p, "buyers", 3);

        privacy(p, "delete", "erin");
        privacy(p, "suppress", "sam");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members(p, "buyers", "").equals(List.of("kim")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM cohort_members WHERE project_id = ? AND app_user_id = 'erin'",
                                p.projectId())
                        == 0);
        assertThat(cohortsOf(p, "sam")).isEmpty();
        // A new cohort everyone matches: the suppressed user still enters none.
        put(p, "admin", "everyone", "Everyone", Map.of("firstSeen", Map.of("within", "90d")))
                .then()
                .statusCode(201);
        awaitReady(p, "everyone", 1);
        assertThat(members(p, "everyone", "")).containsExactly("kim");

        privacy(p, "unsuppress", "sam");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members(p, "everyone", "").equals(List.of("kim", "sam")));
        assertThat(cohortsOf(p, "sam")).containsExactly("buyers", "everyone");
    }

    @Test
    void badDefinitionsAndOtherProjectsAreRefused() {
        Api.ProjectFixture p = Api.newProject();
        put(p, "admin", "bad.id", "x", PRO)
                .then()
                .statusCode(400)
                .body("error.message", startsWith("cohortId must be"));
        put(p, "admin", "c", "", PRO).then().statusCode(400).body("error.message", startsWith("name must be"));
        put(p, "admin", "c", "x", Map.of("all", List.of(Map.of("event", "Purchase", "within", "2w"))))
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", startsWith("rule.all[0].within must be a duration"));
        Api.as(TestKeys.admin())
                .body(Map.of("name", "x"))
                .put(base(p) + "/c")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("rule must be an object"));
        put(p, "events:write", "c", "x", PRO).then().statusCode(403).body("error.code", equalTo("FORBIDDEN_SCOPE"));
        put(p, "events:read", "c", "x", PRO).then().statusCode(403);
        Api.as(p.key("events:read")).delete(base(p) + "/c").then().statusCode(403);
        Api.ProjectFixture other = Api.newProject();
        Api.as(other.key("cohorts:write"))
                .body(Map.of("name", "x", "rule", PRO))
                .put(base(p) + "/c")
                .then()
                .statusCode(404);
        Api.as(other.key("events:read")).get(base(p)).then().statusCode(404);
        Api.as(p.key("events:read")).get(base(p) + "/c").then().statusCode(404);
    }

    @Test
    void aProjectHasAtMostTheCohortsConfigured() {
        Api.ProjectFixture p = Api.newProject();
        for (int i = 0; i < 100; i++) {
            put(p, "admin", "c" + i, "Cohort " + i, PRO).then().statusCode(201);
        }
        put(p, "admin", "c100", "One too many", PRO)
                .then()
                .statusCode(400)
                .body(
                        "error.message",
                        equalTo("project " + p.projectId() + " already has 100 cohorts, the most it may have"));
        put(p, "admin", "c99", "Changed", PRO).then().statusCode(200);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static String base(Api.ProjectFixture p) {
        return "/v1/projects/" + p.projectId() + "/cohorts";
    }

    static Response put(Api.ProjectFixture p, String scope, String id, String name, Map<String, Object> rule) {
        return Api.as(scope.equals("admin") ? TestKeys.admin() : p.key(scope))
                .body(Map.of("name", name, "rule", rule))
                .put(base(p) + "/" + id);
    }

    static void awaitReady(Api.ProjectFixture p, String cohortId, int members) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath c = Api.as(TestKeys.admin())
                    .get(base(p) + "/" + cohortId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            return "ready".equals(c.getString("status")) && c.getInt("members") == members;
        });
    }

    /** Every member's id, all pages ({@code query}: more parameters, each with its leading &). */
    static List<String> members(Api.ProjectFixture p, String cohortId, String query) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = Api.as(TestKeys.admin())
                    .get(base(p) + "/" + cohortId + "/members?limit=200" + query
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            out.addAll(page.getList("members.appUserId", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null && !query.contains("cursor="));
        return out;
    }

    static List<String> cohortsOf(Api.ProjectFixture p, String user) {
        return Api.as(p.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/users/" + user + "/signal")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("cohorts", String.class);
    }

    private static void privacy(Api.ProjectFixture p, String type, String user) {
        Api.as(TestKeys.admin())
                .body(Map.of("type", type, "appUserIds", List.of(user)))
                .post("/v1/projects/" + p.projectId() + "/privacy/requests")
                .then()
                .statusCode(202);
    }

    private static Map<String, Object> purchase(String user) {
        Map<String, Object> e = Events.event("Purchase", user, "evt_" + UUID.randomUUID());
        e.put("properties", Map.of("revenue", 9.99, "currency", "USD"));
        return e;
    }

    private static Map<String, Object> set(String user, Map<String, Object> properties, Instant at) {
        return Reads.event(
                "profile_updated", user, Events.id(), at.truncatedTo(ChronoUnit.MILLIS), Map.of("$set", properties));
    }
}
