package com.layers.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.event.EventIds;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    @Test
    void sameKeySameBodyReplaysTheStoredAnswer() {
        Api.ProjectFixture p = Api.newProject();
        String token = p.key("events:write");
        String key = "idem-" + UUID.randomUUID();
        Map<String, Object> body = Events.batch(p, List.of(Events.event("a", "u", Events.id())));
        Response first = Api.as(token).header("Idempotency-Key", key).body(body).post("/v1/events");
        first.then().statusCode(202).header("Idempotent-Replayed", nullValue()).body("accepted", equalTo(1));
        Response second =
                Api.as(token).header("Idempotency-Key", key).body(body).post("/v1/events");
        second.then()
                .statusCode(202)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("accepted", equalTo(1));
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(Db.count(
                        "SELECT count(*) FROM idempotency_keys WHERE project_id = ? AND key = ? AND status_code = 202",
                        p.projectId(),
                        key))
                .isEqualTo(1);
    }

    @Test
    void sameKeyDifferentBodyIs422() {
        Api.ProjectFixture p = Api.newProject();
        String token = p.key("events:write");
        String key = "idem-" + UUID.randomUUID();
        Api.as(token)
                .header("Idempotency-Key", key)
                .body(Events.batch(p, List.of(Events.event("a", "u", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202);
        Api.as(token)
                .header("Idempotency-Key", key)
                .body(Events.batch(p, List.of(Events.event("b", "u", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void originalInFlightIs409() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String token = p.key("events:write");
        String key = "idem-" + UUID.randomUUID();
        Map<String, Object> body = Events.batch(p, List.of(Events.event("a", "u", "evt_inflight_1")));
        // The original request's claim, as an instance holds it while it waits for Kafka.
        String subject = TestKeys.subjectOf(token);
        String hash = EventIds.sha256Hex(EventIds.canonical(new ObjectMapper().valueToTree(body)));
        Db.execute(
                "INSERT INTO idempotency_keys (subject, project_id, key, request_hash) VALUES (?, ?, ?, ?)",
                subject,
                p.projectId(),
                key,
                hash);
        Api.as(token)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("IDEMPOTENCY_IN_PROGRESS"));
        // Another key of the same project is a different scope: unaffected.
        Api.as(p.key("events:write"))
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void validationFailuresAreNotStored() {
        Api.ProjectFixture p = Api.newProject();
        String token = p.key("events:write");
        String key = "idem-" + UUID.randomUUID();
        Map<String, Object> bad = Events.event("a", "u", null);
        bad.put("occurredAt", "nope");
        Api.as(token)
                .header("Idempotency-Key", key)
                .body(Events.batch(p, List.of(bad)))
                .post("/v1/events")
                .then()
                .statusCode(400);
        Api.as(token)
                .header("Idempotency-Key", key)
                .body(Events.batch(p, List.of(Events.event("a", "u", null))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", nullValue());
        Api.as(token)
                .header("Idempotency-Key", "k".repeat(256))
                .body(Events.batch(p, List.of(Events.event("a", "u", null))))
                .post("/v1/events")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("Idempotency-Key must be 1-255 characters"));
    }
}
