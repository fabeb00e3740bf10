package com.layers.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any valid JSON is read, whichever way its characters are written (RFC 8259 §7): raw UTF-8 or {@code \\u} escapes,
 * in the Basic Multilingual Plane or beyond it (a surrogate pair), in object keys and in values. Python's json, and so
 * most server-side partners, escapes every non-ASCII character; the service's own answers escape astral ones.
 */
@QuarkusTest
class EscapedJsonTest {
    /** Keys and values written four ways; every one must be stored as the characters it spells. */
    private static final String PROPERTIES =
            "{\"\\ud83d\\ude00\": \"\\ud83c\\udf89\", \"\\u00e9t\\u00e9\": \"caf\\u00e9\", "
                    + "\"\uD83D\uDE80\": \"\uD83C\uDF88\", \"\u00fcber\": \"na\u00efve\"}";

    private static final String EXPECTED = "{\"\uD83D\uDE00\": \"\uD83C\uDF89\", \"\u00e9t\u00e9\": \"caf\u00e9\", "
            + "\"\uD83D\uDE80\": \"\uD83C\uDF88\", \"\u00fcber\": \"na\u00efve\"}";

    private static String event(String eventId) {
        return "{\"name\":\"x\",\"occurredAt\":\"2026-12-06T00:00:00Z\",\"appUserId\":\"u\\ud83d\\ude00\",\"eventId\":\""
                + eventId + "\",\"properties\":" + PROPERTIES + "}";
    }

    private static void assertStoredAsSpelled(Api.ProjectFixture p, String eventId) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = ? AND event_id = ?",
                                p.projectId(),
                                eventId)
                        == 1);
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND event_id = ? AND properties = ?::jsonb "
                                + "AND app_user_id = ?",
                        p.projectId(),
                        eventId,
                        EXPECTED,
                        "u\uD83D\uDE00"))
                .isEqualTo(1);
    }

    @Test
    void escapedAndRawCharactersInKeysAndValuesAreAcceptedOverHttp() {
        Api.ProjectFixture p = Api.newProject();
        String body = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"events\":["
                + event("evt_escaped_http") + "]}";
        Api.as(p.key("events:write"))
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
        assertStoredAsSpelled(p, "evt_escaped_http");
    }

    @Test
    void escapedAndRawCharactersInKeysAndValuesAreStoredFromADirectKafkaRecord() {
        Api.ProjectFixture p = Api.newProject();
        Kafka.produce(List.of(Kafka.record(
                "sdk-events",
                p.projectId() + ":u",
                "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"event\":"
                        + event("evt_escaped_kafka") + "}")));
        assertStoredAsSpelled(p, "evt_escaped_kafka");
    }

    @Test
    void anEventReadBackCanBePostedAgain() {
        Api.ProjectFixture p = Api.newProject();
        String body = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"events\":["
                + event("evt_round_trip") + "]}";
        Api.as(p.key("events:write")).body(body).post("/v1/events").then().statusCode(202);
        assertStoredAsSpelled(p, "evt_round_trip");
        // The answer as the service wrote it (astral characters escaped), posted back as a new event.
        String read = Api.as(p.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String properties = read.substring(read.indexOf("\"properties\":") + 13);
        properties = properties.substring(0, properties.indexOf('}') + 1);
        String again = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                + "\",\"events\":[{\"name\":\"x\","
                + "\"occurredAt\":\"2026-12-06T00:00:01Z\",\"eventId\":\"evt_again\",\"appUserId\":\"u\\ud83d\\ude00\",\"properties\":"
                + properties + "}]}";
        Api.as(p.key("events:write"))
                .body(again)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
        assertStoredAsSpelled(p, "evt_again");
    }

    @Test
    void escapedKeysAreReadInAdminBodies() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/meta";
        Api.as(TestKeys.admin())
                .body("{\"pixelId\":\"123\",\"accessToken\":\"EAAB\",\"eventMapping\":"
                        + "{\"\\ud83d\\ude00 Purchase\":\"Purchase\",\"Caf\\u00e9\":\"ViewContent\"}}")
                .put(path)
                .then()
                .statusCode(200)
                .body("eventMapping.'\uD83D\uDE00 Purchase'", equalTo("Purchase"))
                .body("eventMapping.'Caf\u00e9'", equalTo("ViewContent"));
    }
}
