package com.layers.telemetry.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import com.layers.telemetry.support.TestPostgres;
import com.layers.telemetry.userdata.PrivacyConfig;
import com.layers.telemetry.userdata.UserBlocks;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Privacy requests over HTTP and Kafka: an erasure leaves nothing of the user in the database but a keyed hash
 * (checked on a {@code pg_dump} of it) and nothing of anyone else changed; what was accepted before the request is
 * erased however late it is stored; retries and replays store nothing; suppression holds a user back from storage,
 * the relay and the AdServices exchange until unsuppressed; the export returns what the reads return with PII.
 */
@QuarkusTest
class PrivacyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v1/";
    private static final String RECORD =
            "{\"attribution\":true,\"orgId\":1,\"campaignId\":542370539,\"adGroupId\":542317095,"
                    + "\"conversionType\":\"Download\",\"countryOrRegion\":\"US\",\"claimType\":\"Click\"}";

    // --- delete ------------------------------------------------------------------------------------------------

    @Test
    void deleteLeavesNothingOfTheUserButAKeyedHashAndNothingOfAnyoneElseChanges() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, pixel);
        Person alice = Person.random("alice");
        Person bob = Person.random("bob");
        Api.as(TestKeys.admin())
                .body(Map.of("name", "Buyers", "rule", Map.of("event", "Purchase", "within", "30d")))
                .put("/v1/projects/" + p.projectId() + "/cohorts/buyers")
                .then()
                .statusCode(201);
        Reads.ingest(
                p,
                List.of(
                        alice.purchase(),
                        alice.install(exchangeToken()),
                        bob.purchase(),
                        bob.install(exchangeToken())));
        awaitDelivered(p, 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM cohort_members WHERE project_id = ?", p.projectId()) == 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM apple_ads_attributions WHERE project_id = ?", p.projectId())
                        == 2);
        // A dead letter kept in the database that names alice (the DLQ could not take it whole).
        Db.execute(
                "INSERT INTO dead_letter_records (topic, partition, \"offset\", record_key, value, headers, reason, error) "
                        + "VALUES ('sdk-events', 0, ?, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'), '{}', 'invalid_event', 'x')",
                System.nanoTime(),
                p.projectId() + ":" + alice.id,
                "{\"projectId\":\"" + p.projectId() + "\",\"event\":{\"appUserId\":\"" + alice.id + "\"}}");
        long usersBefore = usersTotal(p);
        Map<String, List<Map<String, Object>>> bobBefore = rowsOf(p, bob.id);

        JsonPath accepted = request(p, "delete", List.of(alice.id))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        assertThat(accepted.getString("status")).isEqualTo("pending");
        assertThat(accepted.getInt("appUserIds")).isEqualTo(1);
        JsonPath done = awaitCompleted(p, accepted.getString("requestId"));

        assertThat(done.getString("completedAt")).isNotNull();
        assertThat(done.getLong("erased.events")).isEqualTo(2);
        assertThat(done.getLong("erased.profiles")).isEqualTo(1);
        assertThat(done.getLong("erased.attributionRecords")).isEqualTo(1);
        assertThat(done.getLong("erased.attributionExchanges")).isEqualTo(1);
        assertThat(done.getLong("erased.relayDeliveries")).isGreaterThanOrEqualTo(1);
        assertThat(done.getLong("erased.deadLetters")).isEqualTo(1);
        assertThat(done.getLong("erased.cohortMemberships")).isEqualTo(1);
        String dump = TestPostgres.current().dumpData();
        for (String trace : alice.traces()) {
            assertThat(dump).as("the database dump holds " + trace).doesNotContain(trace);
        }
        assertThat(dump).contains(bob.id).contains(bob.email);
        assertThat(rowsOf(p, bob.id)).as("bob's rows, row for row").isEqualTo(bobBefore);
        assertThat(usersTotal(p)).isEqualTo(usersBefore - 1);
        Reads.get(p, "events:read", "/users/" + alice.id).then().statusCode(404);
    }

    @Test
    void whatWasAcceptedBeforeTheRequestIsErasedWhenStoredAndRetriesAndReplaysStoreNothing() {
        Api.ProjectFixture p = Api.newProject();
        String user = "carol-" + UUID.randomUUID();
        String first = Events.id();
        Map<String, Object> batch = Events.batch(p, List.of(Events.event("level_up", user, first)));
        Reads.ingest(p, List.of(Events.event("level_up", user, first)));
        Instant before = Instant.now().minusSeconds(1);
        String requestId = request(p, "delete", List.of(user))
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");
        awaitCompleted(p, requestId);

        // Still in Kafka when the request came (received before it), stored only now: never stored.
        String late = Events.id();
        produceAndAwaitMarker(p, user, List.of(record(p, user, late, before)));
        // A replay of the erased event, and an HTTP retry of its batch.
        produceAndAwaitMarker(p, user, List.of(record(p, user, first, before)));
        Api.as(p.key("events:write"))
                .body(batch)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("skipped", equalTo(1))
                .body("details[0].status", equalTo("skipped"));

        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND app_user_id = ?",
                        p.projectId(),
                        user))
                .isZero();
        assertThat(Db.count(
                        "SELECT count(*) FROM event_keys WHERE project_id = ? AND event_id = ?", p.projectId(), late))
                .as("the withheld event keeps its dedup key, so nothing brings it back")
                .isEqualTo(1);
        // The user may come back: what they send after the request is theirs to keep.
        Reads.ingest(p, List.of(Events.event("level_up", user, Events.id())));
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND app_user_id = ?",
                        p.projectId(),
                        user))
                .isEqualTo(1);
    }

    // --- suppress ----------------------------------------------------------------------------------------------

    @Test
    void aSuppressedUserIsNotStoredOverHttpOrKafkaUntilUnsuppressed() {
        Api.ProjectFixture p = Api.newProject();
        String dan = "dan-" + UUID.randomUUID();
        String erin = "erin-" + UUID.randomUUID();
        String requestId = request(p, "suppress", List.of(dan))
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");

        Api.as(p.key("events:write"))
                .body(Events.batch(
                        p, List.of(Events.event("open", dan, Events.id()), Events.event("open", erin, Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("suppressed", equalTo(1))
                .body("details[0].status", equalTo("suppressed"))
                .body("details[1].status", equalTo("accepted"));
        double withheld = withheldMetric();
        produceAndAwaitMarker(p, dan, List.of(record(p, dan, Events.id(), Instant.now())));
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND app_user_id = ?", p.projectId(), dan))
                .isZero();
        assertThat(withheldMetric()).isGreaterThan(withheld);

        JsonPath list =
                privacy(p, "/suppressions").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("data.userHash")).containsExactly(hash(p.projectId(), dan));
        assertThat(list.getString("nextCursor")).isNull();
        privacy(p, "/suppressions/" + dan).then().statusCode(200).body("suppressed", equalTo(true));
        privacy(p, "/suppressions/" + erin).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        JsonPath done = awaitCompleted(p, requestId);
        assertThat(done.getLong("erased.events")).isZero();

        request(p, "unsuppress", List.of(dan)).then().statusCode(202);
        privacy(p, "/suppressions/" + dan).then().statusCode(404);
        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(Events.event("open", dan, Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
    }

    @Inject
    UserBlocks blocks;

    @Inject
    PrivacyConfig privacyConfig;

    @Test
    void storageHoldsASuppressionCommittedElsewhereBeforeThisInstanceReloadsItsLists() {
        Api.ProjectFixture p = Api.newProject();
        String user = "zoe-" + UUID.randomUUID();
        // This instance, as one that has not reloaded since: it knows nothing of the project until it reloads.
        StaleBlocks stale = new StaleBlocks(ClientProxy.unwrap(blocks), p.projectId(), privacyConfig);
        QuarkusMock.installMockForType(stale, UserBlocks.class);
        // As another instance commits a suppression: the list and the version, and no reload here.
        Db.execute(
                "INSERT INTO privacy_suppressions (project_id, user_hash, since) VALUES (?, ?, now())",
                p.projectId(),
                Base64.getUrlDecoder().decode(hash(p.projectId(), user)));
        Db.execute("INSERT INTO privacy_versions (project_id, version) VALUES (?, 1)", p.projectId());

        produceAndAwaitMarker(p, user, List.of(record(p, user, Events.id(), Instant.now())));

        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND app_user_id = ?",
                        p.projectId(),
                        user))
                .as("withheld: storage found the lists moved, reloaded them and planned the batch again")
                .isZero();
        assertThat(stale.reloaded).isTrue();
    }

    /** The real lists, except one project's, which stay empty and at version 0 until reloaded. Not a bean itself. */
    @Vetoed
    static final class StaleBlocks extends UserBlocks {
        private final UserBlocks real;
        private final String project;
        volatile boolean reloaded;

        StaleBlocks(UserBlocks real, String project, PrivacyConfig config) {
            super(null, null, config);
            this.real = real;
            this.project = project;
        }

        private boolean stale(String projectId) {
            return projectId.equals(project) && !reloaded;
        }

        @Override
        public boolean suppressed(String projectId, String appUserId) {
            return !stale(projectId) && real.suppressed(projectId, appUserId);
        }

        @Override
        public Block blocked(String projectId, String appUserId, Instant receivedAt) {
            return stale(projectId) ? null : real.blocked(projectId, appUserId, receivedAt);
        }

        @Override
        public long version(String projectId) {
            return stale(projectId) ? 0 : real.version(projectId);
        }

        @Override
        public Uni<Void> reload(String projectId) {
            return real.reload(projectId).invoke(() -> reloaded |= projectId.equals(project));
        }
    }

    @Test
    void noRelayRequestNorExchangeStartsForASuppressedUser() {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        String path = "/v26.0/" + pixel + "/events";
        // The first attempts fail and are queued for a retry, which the suppression must stop.
        FakePlatforms.meta()
                .stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        String token = "QXBwbGVTdXBwcmVzc2Vk" + UUID.randomUUID().toString().replace("-", "");
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(WireMock.equalTo(token))
                        .willReturn(aResponse().withStatus(500)));
        destination(p, pixel);
        Person frank = Person.random("frank");
        Map<String, Object> purchase = frank.purchase();
        Reads.ingest(p, List.of(purchase, frank.install(token)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> FakePlatforms.meta()
                                        .findAll(postRequestedFor(urlPathEqualTo(path)))
                                        .size()
                                == 1
                        && FakePlatforms.adservices()
                                        .findAll(postRequestedFor(urlEqualTo(API))
                                                .withRequestBody(WireMock.equalTo(token)))
                                        .size()
                                == 1);

        request(p, "suppress", List.of(frank.id)).then().statusCode(202);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM relay_deliveries WHERE project_id = ? AND event_id = ? AND status = 'skipped' "
                                        + "AND reason = 'suppressed'",
                                p.projectId(),
                                purchase.get("eventId"))
                        == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM attribution_exchanges WHERE project_id = ? AND status = 'failed' "
                                        + "AND outcome = 'suppressed' AND token IS NULL",
                                p.projectId())
                        == 1);
        assertThat(FakePlatforms.meta().findAll(postRequestedFor(urlPathEqualTo(path))))
                .hasSize(1);
        assertThat(FakePlatforms.adservices()
                        .findAll(postRequestedFor(urlEqualTo(API)).withRequestBody(WireMock.equalTo(token))))
                .hasSize(1);
    }

    // --- export ------------------------------------------------------------------------------------------------

    @Test
    void theExportHoldsExactlyWhatTheReadsReturnWithPii() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, pixel);
        Person gina = Person.random("gina");
        Api.as(TestKeys.admin())
                .body(Map.of("name", "Screens", "rule", Map.of("event", "screen_view", "within", "1d")))
                .put("/v1/projects/" + p.projectId() + "/cohorts/screens")
                .then()
                .statusCode(201);
        List<Map<String, Object>> events = new ArrayList<>(List.of(gina.purchase(), gina.install(exchangeToken())));
        IntStream.range(0, 250).forEach(i -> events.add(Events.event("screen_view", gina.id, Events.id())));
        Reads.ingest(p, events);
        awaitDelivered(p, 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM apple_ads_attributions WHERE project_id = ?", p.projectId())
                        == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM cohort_members WHERE project_id = ?", p.projectId()) == 1);

        String body = Api.as(p.key("events:read+pii"))
                .get("/v1/projects/" + p.projectId() + "/users/" + gina.id + "/export")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        JsonNode export = JSON.readTree(body);

        assertThat(export.get("appUserId").asText()).isEqualTo(gina.id);
        assertThat(export.get("events")).isEqualTo(allEvents(p, gina.id));
        assertThat(export.get("events")).hasSize(252);
        assertThat(export.get("attributionRecords"))
                .isEqualTo(JSON.readTree(Reads.get(
                                        p,
                                        "events:read",
                                        "/apple-ads-attribution?userId=" + gina.id + "&includeTestData=true")
                                .asString())
                        .get("records"));
        JsonNode signal = JSON.readTree(
                Reads.get(p, "events:read+pii", "/users/" + gina.id + "/signal").asString());
        assertThat(export.get("profile").get("properties")).isEqualTo(signal.get("properties"));
        assertThat(export.get("profile").get("firstSeen").asText())
                .isEqualTo(signal.get("firstSeen").asText());
        assertThat(export.get("cohorts")).hasSize(1);
        assertThat(export.get("cohorts").get(0).get("cohortId").asText()).isEqualTo("screens");
        assertThat(export.get("cohorts").get(0).get("exitedAt").isNull()).isTrue();
        assertThat(signal.get("cohorts").get(0).asText()).isEqualTo("screens");
        // One decision per event for the destination: the purchase sent, the others not mapped.
        assertThat(export.get("relayDeliveries")).hasSize(252);
        assertThat(export.get("relayDeliveries").findValuesAsText("status"))
                .filteredOn("sent"::equals)
                .hasSize(1);
        assertThat(body).contains(gina.email).doesNotContain("accessToken").doesNotContain("EAAB");

        Api.as(p.key("events:read+pii"))
                .get("/v1/projects/" + p.projectId() + "/users/nobody-here/export")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(p.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/users/" + gina.id + "/export")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"));
        Api.as(Api.newProject().key("events:read+pii"))
                .get("/v1/projects/" + p.projectId() + "/users/" + gina.id + "/export")
                .then()
                .statusCode(404);
    }

    // --- the contract ------------------------------------------------------------------------------------------

    @Test
    void badRequestsAreRefusedPrecisely() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/projects/" + p.projectId() + "/privacy/requests";
        String key = p.key("privacy:write");
        Api.as(key)
                .body(Map.of("type", "forget", "appUserIds", List.of("u1")))
                .post(path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body(
                        "error.message",
                        equalTo("type must be one of delete, suppress, suppress_and_delete, unsuppress"));
        Api.as(key)
                .body(Map.of("type", "delete", "appUserIds", List.of()))
                .post(path)
                .then()
                .statusCode(400)
                .body("error.message", equalTo("appUserIds must list 1-1000 app user ids"));
        Api.as(key)
                .body(Map.of(
                        "type",
                        "delete",
                        "appUserIds",
                        IntStream.range(0, 1001).mapToObj(i -> "u" + i).toList()))
                .post(path)
                .then()
                .statusCode(400)
                .body("error.message", equalTo("appUserIds must list 1-1000 app user ids"));
        Api.as(key)
                .body("{\"type\": \"delete\", \"appUserIds\": [42]}")
                .post(path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(key)
                .body("{\"type\": \"delete\"}")
                .post(path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(p.key("events:write"))
                .body(Map.of("type", "delete", "appUserIds", List.of("u1")))
                .post(path)
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"));
        Api.as(Api.newProject().key("privacy:write"))
                .body(Map.of("type", "delete", "appUserIds", List.of("u1")))
                .post(path)
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(key).get(path + "/" + UUID.randomUUID()).then().statusCode(404);
        Api.as(p.key("events:read")).get(path).then().statusCode(403);
        Api.as(key).get(path + "?cursor=bogus").then().statusCode(400);
    }

    @Test
    void requestsAreIdempotentListedNewestFirstAndNeverShowTheIds() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/projects/" + p.projectId() + "/privacy/requests";
        String user = "hal-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("type", "suppress_and_delete", "appUserIds", List.of(user, user));
        String admin = TestKeys.admin();
        String first = Api.as(admin)
                .header("Idempotency-Key", "k1")
                .body(body)
                .post(path)
                .then()
                .statusCode(202)
                .body("appUserIds", equalTo(1))
                .extract()
                .path("requestId");
        Api.as(admin)
                .header("Idempotency-Key", "k1")
                .body(body)
                .post(path)
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("requestId", equalTo(first));
        Api.as(admin)
                .header("Idempotency-Key", "k1")
                .body(Map.of("type", "delete", "appUserIds", List.of(user)))
                .post(path)
                .then()
                .statusCode(422)
                .body("error.code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        String second = request(p, "unsuppress", List.of(user))
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");

        Api.as(p.key("privacy:write"))
                .get(path + "?limit=1")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].requestId", equalTo(second));
        JsonPath page = Api.as(p.key("privacy:write"))
                .get(path + "?limit=1")
                .then()
                .extract()
                .jsonPath();
        Api.as(p.key("privacy:write"))
                .get(path + "?limit=1&cursor=" + page.getString("nextCursor"))
                .then()
                .statusCode(200)
                .body("data[0].requestId", equalTo(first))
                .body("nextCursor", nullValue());
        awaitCompleted(p, first);
        assertThat(Db.rows(
                                "SELECT app_user_ids FROM privacy_requests WHERE project_id = ? AND request_id = ?",
                                p.projectId(),
                                first)
                        .get(0)
                        .get("app_user_ids"))
                .as("the ids in clear are gone once completed")
                .isNull();
        assertThat(Api.as(p.key("privacy:write")).get(path).asString()).doesNotContain(user);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** A user with every kind of identifier the service keeps. */
    private record Person(String id, String email, String phone, String externalId, String ip, String deviceId) {
        static Person random(String name) {
            String n = UUID.randomUUID().toString().substring(0, 8);
            return new Person(
                    name + "-" + n,
                    name + "." + n + "@example.com",
                    "+1415" + (1_000_000 + (int) (Math.random() * 8_999_999)),
                    "ext-" + name + "-" + n,
                    "198.51." + (int) (Math.random() * 200) + "." + (1 + (int) (Math.random() * 200)),
                    "device-" + name + "-" + n);
        }

        Map<String, Object> purchase() {
            Map<String, Object> e = Events.event("Purchase", id, Events.id());
            e.put("properties", Map.of("revenue", 9.99, "currency", "USD", "plan", "pro", "email", email));
            e.put("context", Map.of("ip", ip, "attStatus", "authorized", "device", Map.of("id", deviceId)));
            e.put("identity", Map.of("email", email, "phone", phone, "externalId", externalId));
            return e;
        }

        Map<String, Object> install(String token) {
            Map<String, Object> e = Events.event("app_install", id, Events.id());
            e.put("properties", Map.of("adservices_token", token));
            e.put("context", Map.of("attStatus", "authorized", "ip", ip));
            return e;
        }

        /** Every form in which the user could be found: ids in clear and the SHA-256 forms the relay sends. */
        List<String> traces() {
            return List.of(id, email, phone, externalId, ip, deviceId, sha256(email), sha256(phone.substring(1)));
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash the service shows: HMAC-SHA256 under the test key of project, NUL, user; base64url. */
    private static String hash(String projectId, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    Base64.getDecoder().decode(ConfigProvider.getConfig().getValue("privacy.hash-key", String.class)),
                    "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal((projectId + "\u0000" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response request(Api.ProjectFixture p, String type, List<String> ids) {
        return Api.as(p.key("privacy:write"))
                .body(Map.of("type", type, "appUserIds", ids))
                .post("/v1/projects/" + p.projectId() + "/privacy/requests");
    }

    private static Response privacy(Api.ProjectFixture p, String path) {
        return Api.as(p.key("privacy:write")).get("/v1/projects/" + p.projectId() + "/privacy" + path);
    }

    private static JsonPath awaitCompleted(Api.ProjectFixture p, String requestId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        "completed".equals(privacy(p, "/requests/" + requestId).path("status")));
        return privacy(p, "/requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void destination(Api.ProjectFixture p, String pixel) {
        Api.as(TestKeys.admin())
                .body(Map.of(
                        "pixelId",
                        pixel,
                        "accessToken",
                        "EAAB" + UUID.randomUUID().toString().replace("-", "")))
                .put("/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/meta")
                .then()
                .statusCode(200);
    }

    private static void awaitDelivered(Api.ProjectFixture p, int events) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM relay_deliveries WHERE project_id = ? AND status = 'sent'",
                                p.projectId())
                        >= events);
    }

    private static String exchangeToken() {
        String token = "QXBwbGVQcml2YWN5VG9rZW4" + UUID.randomUUID().toString().replace("-", "");
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(WireMock.equalTo(token))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody(RECORD)));
        return token;
    }

    private static String pixel() {
        return String.valueOf(1_000_000_000L + (long) (Math.random() * 8_000_000_000L));
    }

    private static long usersTotal(Api.ProjectFixture p) {
        return Reads.get(p, "events:read", "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("pagination.total");
    }

    /** Every row that names the user, in the tables that hold user data, as JSON text in a stable order. */
    private static Map<String, List<Map<String, Object>>> rowsOf(Api.ProjectFixture p, String user) {
        String events = "SELECT event_id FROM sdk_events WHERE project_id = ? AND app_user_id = ?";
        Map<String, String> tables = Map.of(
                "events", "SELECT * FROM sdk_events WHERE project_id = ? AND app_user_id = ?",
                "profile", "SELECT * FROM user_profiles WHERE project_id = ? AND app_user_id = ?",
                "deliveries", "SELECT * FROM relay_deliveries WHERE project_id = ? AND event_id IN (" + events + ")",
                "records", "SELECT * FROM apple_ads_attributions WHERE project_id = ? AND app_user_id = ?",
                "exchanges", "SELECT * FROM attribution_exchanges WHERE project_id = ? AND app_user_id = ?",
                "cohorts", "SELECT * FROM cohort_members WHERE project_id = ? AND app_user_id = ?");
        Map<String, List<Map<String, Object>>> out = new HashMap<>();
        tables.forEach((name, sql) -> out.put(
                name,
                name.equals("deliveries")
                        ? Db.rows(
                                "SELECT row_to_json(t)::text AS row FROM (" + sql + ") t ORDER BY 1",
                                p.projectId(),
                                p.projectId(),
                                user)
                        : Db.rows(
                                "SELECT row_to_json(t)::text AS row FROM (" + sql + ") t ORDER BY 1",
                                p.projectId(),
                                user)));
        return out;
    }

    /** The user's events as GET …/events pages them for an events:read+pii key. */
    private static JsonNode allEvents(Api.ProjectFixture p, String user) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(Reads.get(
                            p,
                            "events:read+pii",
                            "/events?limit=200&userId=" + user + (cursor == null ? "" : "&cursor=" + cursor))
                    .asString());
            page.get("data").forEach(all::add);
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        return JSON.valueToTree(all);
    }

    /** A record as HTTP ingest publishes it (received at {@code receivedAt}), for the user. */
    private static ProducerRecord<String, byte[]> record(
            Api.ProjectFixture p, String user, String eventId, Instant receivedAt) {
        return Kafka.record(
                "sdk-events",
                p.projectId() + ":" + user,
                "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"receivedAt\":\""
                        + receivedAt.truncatedTo(ChronoUnit.MICROS) + "\",\"event\":{\"eventId\":\"" + eventId
                        + "\",\"name\":\"level_up\",\"occurredAt\":\""
                        + Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS) + "\",\"appUserId\":\"" + user
                        + "\"}}");
    }

    /**
     * Produces the records, then a marker event of another user under the same record key (so the same partition,
     * after them), and waits until the marker is stored: the records before it have been through storage.
     */
    private static void produceAndAwaitMarker(
            Api.ProjectFixture p, String user, List<ProducerRecord<String, byte[]>> records) {
        String marker = Events.id();
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(records);
        all.add(Kafka.record(
                "sdk-events",
                p.projectId() + ":" + user,
                "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                        + "\",\"event\":{\"eventId\":\""
                        + marker + "\",\"name\":\"marker\",\"occurredAt\":\""
                        + Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS)
                        + "\",\"appUserId\":\"marker-user\"}}"));
        Kafka.produce(all);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = ? AND event_id = ?",
                                p.projectId(),
                                marker)
                        == 1);
    }

    private static double withheldMetric() {
        String metrics = RestAssured.get("/q/metrics").asString();
        return metrics.lines()
                .filter(l -> l.startsWith("telemetry_events_withheld_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
