package com.layers.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.event.EventIds;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestHttpTest {

    private static long rows(Api.ProjectFixture p, String eventId) {
        return Db.count(
                "SELECT count(*) FROM sdk_events WHERE project_id = ? AND sdk_app_id = ? AND event_id = ?",
                p.projectId(),
                p.sdkAppId(),
                eventId);
    }

    @Test
    void anHttpEventBecomesARow() {
        Api.ProjectFixture p = Api.newProject();
        Map<String, Object> e = Events.event("Purchase", "user_42", "evt_stripe_pi_1");
        e.put("occurredAt", "2026-11-20T15:32:11+01:00");
        e.put("properties", Map.of("revenue", 19.99, "currency", "USD", "product_id", "premium_yearly"));
        e.put("context", Map.of("device", Map.of("id", "device_001"), "attStatus", "authorized", "locale", "en-US"));
        e.put("identity", Map.of("email", "alice@example.com"));

        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(e)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("skipped", equalTo(0))
                .body("failed", equalTo(0))
                .body("details[0].index", equalTo(0))
                .body("details[0].eventId", equalTo("evt_stripe_pi_1"))
                .body("details[0].status", equalTo("accepted"))
                .body("details[0].error", nullValue());

        await().atMost(Duration.ofSeconds(15)).until(() -> rows(p, "evt_stripe_pi_1") == 1);
        Map<String, Object> row = Db.rows(
                        "SELECT name, app_user_id, occurred_at, received_at, stored_at, device_id, "
                                + "revenue::text AS revenue, currency, att_status, source, properties->>'product_id' AS product, "
                                + "identity->>'email' AS email, context->>'locale' AS locale FROM sdk_events WHERE event_id = ?",
                        "evt_stripe_pi_1")
                .get(0);
        assertThat(row.get("name")).isEqualTo("Purchase");
        assertThat(row.get("app_user_id")).isEqualTo("user_42");
        assertThat(((OffsetDateTime) row.get("occurred_at")).toInstant().toString())
                .isEqualTo("2026-11-20T14:32:11Z");
        assertThat(row.get("device_id")).isEqualTo("device_001");
        assertThat(row.get("revenue")).isEqualTo("19.99");
        assertThat(row.get("currency")).isEqualTo("USD");
        assertThat(row.get("att_status")).isEqualTo("authorized");
        assertThat(row.get("source")).isEqualTo("http");
        assertThat(row.get("product")).isEqualTo("premium_yearly");
        assertThat(row.get("email")).isEqualTo("alice@example.com");
        assertThat(row.get("locale")).isEqualTo("en-US");
        assertThat((OffsetDateTime) row.get("stored_at")).isAfterOrEqualTo((OffsetDateTime) row.get("received_at"));
    }

    @Test
    void anEventsJsonIsStoredAsSentNotRewritten() {
        Api.ProjectFixture p = Api.newProject();
        String body = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"events\":["
                + "{\"name\":\"Purchase\",\"occurredAt\":\"2026-11-20T15:32:11Z\",\"eventId\":\"evt_digits\","
                + "\"properties\": " + Events.EXACT_PROPERTIES + ", \"context\": " + Events.EXACT_CONTEXT + "}]}";
        Api.as(p.key("events:write"))
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> rows(p, "evt_digits") == 1);
        // The digits the partner wrote, as a direct Kafka producer's are (DirectProducerTest).
        Events.assertStoredExactly(p.projectId(), "evt_digits");
    }

    @Test
    void storedAndRepeatedIdsAreSkipped() {
        Api.ProjectFixture p = Api.newProject();
        String key = p.key("events:write");
        String first = Events.id();
        Api.as(key)
                .body(Events.batch(p, List.of(Events.event("a", "u1", first))))
                .post("/v1/events")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> rows(p, first) == 1);

        String second = Events.id();
        Api.as(key)
                .body(Events.batch(
                        p,
                        List.of(
                                Events.event("a", "u1", first),
                                Events.event("b", "u1", second),
                                Events.event("b", "u1", second))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("skipped", equalTo(2))
                .body("details.status", equalTo(List.of("skipped", "accepted", "skipped")))
                .body("details.eventId", equalTo(List.of(first, second, second)));
        await().atMost(Duration.ofSeconds(15)).until(() -> rows(p, second) == 1);
    }

    @Test
    void generatedIdsAreStableAcrossResendsAndOffsets() {
        Api.ProjectFixture p = Api.newProject();
        Map<String, Object> a = new HashMap<>(Map.of(
                "name",
                "level_up",
                "appUserId",
                "u9",
                "occurredAt",
                "2026-11-20T10:00:00Z",
                "properties",
                Map.of("level", 3, "mode", "hard")));
        Map<String, Object> sameInstantOtherOffset = new HashMap<>(a);
        sameInstantOtherOffset.put("occurredAt", "2026-11-20T12:00:00+02:00");
        Map<String, Object> otherProps = new HashMap<>(a);
        otherProps.put("properties", Map.of("level", 4));

        List<String> ids = Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(a, sameInstantOtherOffset, otherProps)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("details.status", equalTo(List.of("accepted", "skipped", "accepted")))
                .body("details[0].eventId", matchesPattern("evt_[0-9a-f]{32}"))
                .extract()
                .path("details.eventId");
        assertThat(ids.get(0)).isEqualTo(ids.get(1)).isNotEqualTo(ids.get(2));
        // The same id as the reference computation (RFC 8785 canonical JSON, SHA-256).
        assertThat(ids.get(0))
                .isEqualTo(EventIds.generate(
                        "level_up",
                        Instant.parse("2026-11-20T10:00:00Z"),
                        "u9",
                        new ObjectMapper().valueToTree(Map.of("mode", "hard", "level", 3))));

        await().atMost(Duration.ofSeconds(15)).until(() -> rows(p, ids.get(0)) == 1 && rows(p, ids.get(2)) == 1);
        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(a)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("details[0].status", equalTo("skipped"))
                .body("details[0].eventId", equalTo(ids.get(0)));
    }

    @Test
    void theSameBatchPostedTenTimesConcurrentlyLeavesOneRowPerEvent() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String key = p.key("events:write");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(Events.event("tap", "u" + (i % 7), "evt_conc_" + p.projectId() + "_" + i));
        }
        Map<String, Object> body = Events.batch(p, events);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> Api.as(key)
                                .body(body)
                                .post("/v1/events")
                                .then()
                                .statusCode(202)
                                .extract()
                                .<Integer>path("accepted"),
                        pool));
            }
            int acceptedTotal = 0;
            for (CompletableFuture<Integer> c : calls) {
                acceptedTotal += c.get();
            }
            assertThat(acceptedTotal).isGreaterThanOrEqualTo(50);
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 50);
        assertThat(Db.count("SELECT count(DISTINCT event_id) FROM sdk_events WHERE project_id = ?", p.projectId()))
                .isEqualTo(50);
        assertThat(Db.count("SELECT count(*) FROM event_keys WHERE project_id = ?", p.projectId()))
                .isEqualTo(50);
    }

    @Test
    void keysAndProjectsAreChecked() {
        Api.ProjectFixture p = Api.newProject();
        Api.ProjectFixture other = Api.newProject();
        Map<String, Object> body = Events.batch(p, List.of(Events.event("a", "u", null)));
        Api.as(p.key("events:read"))
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"));
        Api.as(other.key("events:write"))
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(p.key("events:write"))
                .body(Map.of(
                        "projectId",
                        p.projectId(),
                        "sdkAppId",
                        "app_nope",
                        "events",
                        List.of(Events.event("a", "u", null))))
                .post("/v1/events")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo("sdkAppId app_nope is not an SDK app of project " + p.projectId()));
    }
}
