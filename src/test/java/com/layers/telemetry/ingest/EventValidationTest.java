package com.layers.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every validation rule of the README (Sending events), as partners meet it over HTTP. */
@QuarkusTest
class EventValidationTest {
    private static Api.ProjectFixture p;

    @BeforeEach
    void project() {
        if (p == null) {
            p = Api.newProject();
        }
    }

    private static void batchError(Object body, String message) {
        Api.as(p.key("events:write"))
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo(message));
    }

    /** One bad event next to a good one: 202, the bad one failed with this message. */
    private static void eventError(Map<String, Object> bad, String message) {
        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(Events.event("ok", "u", Events.id()), bad)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("failed", equalTo(1))
                .body("details[1].index", equalTo(1))
                .body("details[1].status", equalTo("failed"))
                .body("details[1].error", equalTo(message));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> e = Events.event("evt", "u", null);
        e.put(field, value);
        return e;
    }

    private static Map<String, Object> withProperty(String key, Object value) {
        Map<String, Object> props = new HashMap<>();
        props.put(key, value);
        return with("properties", props);
    }

    @Test
    void wholeBatchErrors() {
        batchError("[1, 2]", "Request body must be a JSON object");
        batchError(
                Map.of("sdkAppId", p.sdkAppId(), "events", List.of(Events.event("a", "u", null))),
                "projectId is required");
        batchError(
                Map.of("projectId", p.projectId(), "events", List.of(Events.event("a", "u", null))),
                "sdkAppId is required");
        batchError(Map.of("projectId", p.projectId(), "sdkAppId", p.sdkAppId()), "events is required");
        batchError(Events.batch(p, List.of()), "events must contain 1-100 events (got 0)");
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Events.event("a", "u", null));
        }
        batchError(Events.batch(p, many), "events must contain 1-100 events (got 101)");
        Map<String, Object> badTime = Events.event("a", "u", null);
        badTime.put("occurredAt", "yesterday");
        batchError(
                Events.batch(p, List.of(badTime, Events.event("", "u", null))),
                "events[0].occurredAt must be ISO-8601");
    }

    @Test
    void bodyOverOneMegabyteIs413() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(withProperty("blob", "x".repeat(30_000)));
        }
        Api.as(p.key("events:write"))
                .body(Events.batch(p, events))
                .post("/v1/events")
                .then()
                .statusCode(413)
                .body("error.code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void namesAndIds() {
        eventError(with("name", ""), "events[1].name must be a string of 1-128 characters");
        eventError(with("name", "n".repeat(129)), "events[1].name must be a string of 1-128 characters");
        eventError(with("name", 42), "events[1].name must be a string of 1-128 characters");
        Map<String, Object> noName = Events.event("x", "u", null);
        noName.remove("name");
        eventError(noName, "events[1].name is required");
        eventError(with("eventId", "e".repeat(256)), "events[1].eventId must be a string of 1-255 characters");
        eventError(with("appUserId", ""), "events[1].appUserId must be a string of 1-255 characters");
        eventError(with("name", "bad\u0000name"), "events[1].name must not contain the NUL character");
    }

    @Test
    void occurredAt() {
        eventError(with("occurredAt", "2026-13-01T00:00:00Z"), "events[1].occurredAt must be ISO-8601");
        eventError(
                with("occurredAt", "2026-11-20T10:00:00"),
                "events[1].occurredAt has no offset: end it with Z or an offset such as +01:00 (e.g. 2026-04-11T00:00:00Z)");
        eventError(with("occurredAt", 1700000000), "events[1].occurredAt must be ISO-8601");
        eventError(
                with("occurredAt", "-5000-01-01T00:00:00Z"), "events[1].occurredAt must be after 1970-01-01T00:00:00Z");
        eventError(
                with("occurredAt", Instant.now().plus(25, ChronoUnit.HOURS).toString()),
                "events[1].occurredAt is more than 24 hours in the future");
        // Within 24 h ahead, and long past (backfill), are accepted.
        Api.as(p.key("events:write"))
                .body(Events.batch(
                        p,
                        List.of(
                                with(
                                        "occurredAt",
                                        Instant.now().plus(23, ChronoUnit.HOURS).toString()),
                                with("occurredAt", "2019-01-01T00:00:00Z"))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2));
    }

    @Test
    void propertiesSizeDepthAndReservedKeys() {
        eventError(with("properties", "not an object"), "events[1].properties must be an object");
        eventError(
                withProperty("blob", "x".repeat(33_000)), "events[1].properties is larger than 32768 bytes serialised");
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 10; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("k", next);
            cursor = next;
        }
        eventError(with("properties", deep), "events[1].properties is nested deeper than 10 levels");
        eventError(withProperty("revenue", "19.99"), "events[1].properties.revenue must be a number");
        eventError(withProperty("currency", "usd"), "events[1].properties.currency must be an ISO 4217 currency code");
        eventError(withProperty("currency", "XYZ"), "events[1].properties.currency must be an ISO 4217 currency code");
        eventError(withProperty("product_id", 7), "events[1].properties.product_id must be a string");
        eventError(withProperty("quantity", 0), "events[1].properties.quantity must be a positive integer");
        eventError(withProperty("quantity", 1.5), "events[1].properties.quantity must be a positive integer");
        eventError(withProperty("$set", List.of(1)), "events[1].properties.$set must be an object");
        eventError(withProperty("$unset", "plan"), "events[1].properties.$unset must be an array of property names");
        // Ten levels is the limit, not over it.
        Map<String, Object> nine = new HashMap<>();
        cursor = nine;
        for (int i = 0; i < 9; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("k", next);
            cursor = next;
        }
        Api.as(p.key("events:write"))
                .body(Events.batch(
                        p,
                        List.of(
                                with("properties", nine),
                                with(
                                        "properties",
                                        Map.of(
                                                "revenue",
                                                9.99,
                                                "currency",
                                                "EUR",
                                                "product_id",
                                                "p1",
                                                "quantity",
                                                2)))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2));
    }

    @Test
    void contextAndIdentity() {
        eventError(
                with("context", Map.of("attStatus", "maybe")),
                "events[1].context.attStatus must be one of authorized, denied, restricted, notDetermined");
        eventError(
                with("context", Map.of("consent", Map.of("marketing", "yes"))),
                "events[1].context.consent.marketing must be a boolean");
        eventError(
                with("context", Map.of("device", Map.of("id", 5))),
                "events[1].context.device.id must be a string of 1-255 characters");
        eventError(with("identity", Map.of("email", List.of("a@b.c"))), "events[1].identity.email must be a string");
        eventError(with("identity", "alice@example.com"), "events[1].identity must be an object");
    }

    @Test
    void whatStorageWouldAlterFailsItsEventAndNothingElse() {
        // Bodies written by hand: a JSON library would never emit these.
        rawEventError(
                "\"properties\":{\"revenue\":1e999,\"currency\":\"USD\"}",
                "events[1].properties.revenue must be a finite number");
        rawEventError(
                "\"properties\":{\"plan\":\"\\ud800\"}",
                "events[1].properties.plan contains an unpaired surrogate (not valid Unicode)");
        // In a key, Jackson's byte parser already refuses the escape: the whole body is not JSON it can read.
        batchError(
                ("{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                        + "\",\"events\":[{\"name\":\"a\","
                        + "\"occurredAt\":\"2026-11-21T08:00:00Z\",\"properties\":{\"\\ud800k\":1}}]}"),
                "Request body is not valid JSON");
        rawEventError(
                "\"identity\":{\"email\":\"a\\udfff@x.io\"}",
                "events[1].identity.email contains an unpaired surrogate (not valid Unicode)");
        byte[] overlong = {
            '"',
            'p',
            'r',
            'o',
            'p',
            'e',
            'r',
            't',
            'i',
            'e',
            's',
            '"',
            ':',
            '{',
            '"',
            'p',
            '"',
            ':',
            '"',
            'a',
            (byte) 0xC0,
            (byte) 0xAF,
            '"',
            '}'
        };
        rawEventError(overlong, "events[1].properties.p is not valid UTF-8");
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND (properties::text LIKE '%Infinity%' "
                                + "OR properties::text LIKE '%?%' OR properties::text LIKE '%a/%')",
                        p.projectId()))
                .isZero();
    }

    @Test
    void aNulInAPathOrQueryParameterIs400() {
        Api.as(p.key("events:read"))
                .urlEncodingEnabled(false)
                .get("/v1/projects/" + p.projectId() + "/users/u%00x/signal")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo("path parameter appUserId must not contain the NUL character"));
        Api.as(p.key("events:read"))
                .urlEncodingEnabled(false)
                .get("/v1/projects/" + p.projectId() + "/users/u%00x")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(p.key("events:read"))
                .urlEncodingEnabled(false)
                .get("/v1/projects/" + p.projectId() + "/events?userId=%00")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("query parameter userId must not contain the NUL character"));
    }

    private static void rawEventError(String fields, String message) {
        rawEventError(fields.getBytes(StandardCharsets.UTF_8), message);
    }

    /** A good event, then one with {@code fields} (raw JSON bytes) added: 202, the second failed with this message. */
    private static void rawEventError(byte[] fields, String message) {
        String at =
                Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"events\":["
                        + "{\"name\":\"ok\",\"occurredAt\":\"" + at + "\",\"appUserId\":\"u\",\"eventId\":\""
                        + Events.id() + "\"},"
                        + "{\"name\":\"bad\",\"occurredAt\":\"" + at + "\",\"appUserId\":\"u\",")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(fields);
        body.writeBytes("}]}".getBytes(StandardCharsets.UTF_8));
        Api.as(p.key("events:write"))
                .body(body.toByteArray())
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("failed", equalTo(1))
                .body("details[1].status", equalTo("failed"))
                .body("details[1].error", equalTo(message));
    }
}
