package com.layers.telemetry.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.OpenApiValidation;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK path: an app posts with its SDK app's public write key, which can write its own app's events only. */
@QuarkusTest
class SdkPathTest {
    private static String writeKeys(Api.ProjectFixture p) {
        return "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/write-keys";
    }

    private static Map<String, String> create(Api.ProjectFixture p) {
        return Api.as(TestKeys.admin())
                .post(writeKeys(p))
                .then()
                .statusCode(201)
                .body("writeKey", startsWith("wk_"))
                .body("writeKeyId", startsWith("wki_"))
                .body("projectId", equalTo(p.projectId()))
                .body("sdkAppId", equalTo(p.sdkAppId()))
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
    }

    private static RequestSpecification sdk(String writeKey) {
        return given().filter(OpenApiValidation.filter())
                .header("X-App-Id", writeKey)
                .contentType(ContentType.JSON);
    }

    @Test
    void aWriteKeyWritesItsOwnAppsEventsAndIsListedWithoutTheKey() {
        Api.ProjectFixture p = Api.newProject();
        Map<String, String> key = create(p);
        String eventId = Events.id();
        sdk(key.get("writeKey"))
                .body(Map.of("events", List.of(Events.event("Opened", "u-sdk", eventId))))
                .post("/v1/sdk/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = ? AND sdk_app_id = ? AND event_id = ?",
                                p.projectId(),
                                p.sdkAppId(),
                                eventId)
                        == 1);
        String hint = key.get("writeKey").substring(key.get("writeKey").length() - 4);
        Api.as(TestKeys.admin())
                .get(writeKeys(p))
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].writeKeyId", equalTo(key.get("writeKeyId")))
                .body("data[0].writeKey", nullValue())
                .body("data[0].writeKeyHint", equalTo("…" + hint));
        assertThat(Db.count(
                        "SELECT count(*) FROM write_keys WHERE key_hint = ? AND project_id = ?", hint, p.projectId()))
                .isEqualTo(1);
    }

    @Test
    void aWriteKeyCannotWriteAnotherAppNorRead() {
        Api.ProjectFixture mine = Api.newProject();
        Api.ProjectFixture other = Api.newProject();
        String key = create(mine).get("writeKey");
        sdk(key).body(Map.of(
                        "sdkAppId", other.sdkAppId(), "events", List.of(Events.event("Opened", "u1", Events.id()))))
                .post("/v1/sdk/events")
                .then()
                .statusCode(400)
                .body(
                        "error.message",
                        equalTo("sdkAppId must be left out or be the write key's (" + mine.sdkAppId() + ")"));
        sdk(key).body(Map.of(
                        "projectId", other.projectId(), "events", List.of(Events.event("Opened", "u1", Events.id()))))
                .post("/v1/sdk/events")
                .then()
                .statusCode(400)
                .body("error.message", startsWith("projectId must be left out or be the write key's"));
        // Reads take a partner key: the write key is no bearer token.
        given().header("Authorization", "Bearer " + key)
                .get("/v1/projects/" + mine.projectId() + "/events")
                .then()
                .statusCode(401);
        given().header("X-App-Id", key)
                .get("/v1/projects/" + mine.projectId() + "/events")
                .then()
                .statusCode(401);
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id IN (?, ?)",
                        mine.projectId(),
                        other.projectId()))
                .isZero();
    }

    @Test
    void aMissingUnknownOrRevokedKeyIs401AndARevocationElsewhereHoldsWithinSeconds() {
        Api.ProjectFixture p = Api.newProject();
        Map<String, Object> body = Map.of("events", List.of(Events.event("Opened", "u1", Events.id())));
        given().filter(OpenApiValidation.filter())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/sdk/events")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("UNAUTHENTICATED"))
                .body("error.message", startsWith("No write key"));
        sdk("wk_guessed")
                .body(body)
                .post("/v1/sdk/events")
                .then()
                .statusCode(401)
                .body("error.message", equalTo("The write key is unknown or revoked"));

        Map<String, String> revokedHere = create(p);
        sdk(revokedHere.get("writeKey"))
                .body(body)
                .post("/v1/sdk/events")
                .then()
                .statusCode(202);
        Api.as(TestKeys.admin())
                .delete(writeKeys(p) + "/" + revokedHere.get("writeKeyId"))
                .then()
                .statusCode(204);
        sdk(revokedHere.get("writeKey"))
                .body(body)
                .post("/v1/sdk/events")
                .then()
                .statusCode(401);
        Api.as(TestKeys.admin()).get(writeKeys(p)).then().body("data[0].revokedAt", startsWith("20"));
        Api.as(TestKeys.admin()).delete(writeKeys(p) + "/wki_nope").then().statusCode(404);

        // As another instance revokes: only the row changes, this instance learns it from its reload.
        Map<String, String> revokedElsewhere = create(p);
        sdk(revokedElsewhere.get("writeKey"))
                .body(body)
                .post("/v1/sdk/events")
                .then()
                .statusCode(202);
        Db.execute(
                "UPDATE write_keys SET revoked_at = clock_timestamp(), changed_at = clock_timestamp() "
                        + "WHERE project_id = ? AND write_key_id = ?",
                p.projectId(),
                revokedElsewhere.get("writeKeyId"));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> sdk(revokedElsewhere.get("writeKey"))
                        .body(body)
                        .post("/v1/sdk/events")
                        .then()
                        .statusCode(401));
    }

    @Test
    void oneSourceAddressCannotSpendTheWholeAppsBudget() {
        Api.ProjectFixture p = Api.newProject();
        String key = create(p).get("writeKey");
        // The suite's source budget is 300 events (1/s after); the app's own is 5,000.
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                events.add(Events.event("Opened", "u" + i, Events.id()));
            }
            sdk(key).body(Map.of("events", events))
                    .post("/v1/sdk/events")
                    .then()
                    .statusCode(202);
        }
        sdk(key).body(Map.of("events", List.of(Events.event("Opened", "u1", Events.id()))))
                .post("/v1/sdk/events")
                .then()
                .statusCode(429)
                .header("Retry-After", startsWith(""))
                .body("error.code", equalTo("RATE_LIMITED"))
                .body("error.message", containsString("per source address"));
        // The partner's server path is not the device's: the app's budget still has room.
        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(Events.event("Opened", "u1", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void theAppsOwnBudgetHoldsOnTheSdkPathToo() {
        Api.ProjectFixture p = Api.newProject();
        String key = create(Api.newLimitedApp(p, "app_small", 1, 50)).get("writeKey");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(Events.event("Opened", "u" + i, Events.id()));
        }
        sdk(key).body(Map.of("events", events)).post("/v1/sdk/events").then().statusCode(202);
        sdk(key).body(Map.of("events", List.of(Events.event("Opened", "u1", Events.id()))))
                .post("/v1/sdk/events")
                .then()
                .statusCode(429)
                .body("error.message", equalTo("Rate limit of 1 events/s for SDK app app_small exceeded"));
    }

    @Test
    void browsersMayCallTheSdkPathsButNotThePartnerApi() {
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-app-id")
                .options("/v1/sdk/events")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", containsString("X-App-Id"));
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/batch")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*");
        given().header("Origin", "https://app.example.com")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/sdk/events")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", "*");
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/events")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
