package com.layers.telemetry.relay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.LogCapture;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conversions relay against real HTTP fakes of Meta and TikTok: destinations, the exact request bodies, retries,
 * refusals that do not hold back a batch, what is never sent, request sizes, concurrent workers, and secrets.
 */
@QuarkusTest
class RelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final LogCapture LOG = new LogCapture();

    @Inject
    RelayWorker worker;

    @BeforeAll
    static void captureLog() {
        LOG.start();
    }

    @AfterAll
    static void noAccessTokenWasEverLogged() {
        List<String> lines = LOG.stop();
        assertThat(TOKENS).isNotEmpty();
        for (String token : TOKENS) {
            assertThat(lines).noneMatch(line -> line.contains(token));
        }
    }

    // --- destinations -------------------------------------------------------------------------------------------

    @Test
    void destinationsAreAdminManagedAndTheirTokensNeverShown() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations";
        String token = token();
        Api.as(TestKeys.admin())
                .body(Map.of("pixelId", "1234567890", "accessToken", token, "testEventCode", "TEST123"))
                .put(path + "/meta")
                .then()
                .statusCode(200)
                .body("destination", equalTo("meta"))
                .body("pixelId", equalTo("1234567890"))
                .body("accessToken", equalTo("****"))
                .body("testEventCode", equalTo("TEST123"))
                .body("enabled", equalTo(true));
        Api.as(TestKeys.admin())
                .body(Map.of(
                        "eventSourceId",
                        "7123456789",
                        "accessToken",
                        token(),
                        "appId",
                        "6448311069",
                        "enabled",
                        false,
                        "eventMapping",
                        Map.of("trial_started", "StartTrial")))
                .put(path + "/tiktok")
                .then()
                .statusCode(200)
                .body("eventSourceId", equalTo("7123456789"))
                .body("appId", equalTo("6448311069"))
                .body("enabled", equalTo(false))
                .body("eventMapping.trial_started", equalTo("StartTrial"));
        String listing = Api.as(TestKeys.admin())
                .get(path)
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .extract()
                .asString();
        assertThat(listing).doesNotContain(token);
        byte[] stored = (byte[]) Db.rows(
                        "SELECT access_token FROM relay_destinations WHERE project_id = ? AND destination = 'meta'",
                        p.projectId())
                .get(0)
                .get("access_token");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token);

        Api.as(TestKeys.admin()).delete(path + "/meta").then().statusCode(204);
        Api.as(TestKeys.admin()).delete(path + "/meta").then().statusCode(204);
        Api.as(TestKeys.admin())
                .get(path)
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].destination", equalTo("tiktok"));
    }

    @Test
    void badDestinationsAreRefusedInTheEnvelope() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations";
        invalid(path + "/meta", Map.of("accessToken", token()), "pixelId is required");
        invalid(path + "/meta", Map.of("pixelId", 5, "accessToken", token()), "pixelId has the wrong type");
        invalid(path + "/meta", Map.of("pixelId", "123"), "accessToken is required");
        invalid(path + "/tiktok", Map.of("pixelId", "123", "accessToken", token()), "eventSourceId is required");
        invalid(
                path + "/meta",
                Map.of("pixelId", "123", "accessToken", token(), "appId", "1"),
                "appId applies to TikTok destinations only");
        invalid(
                path + "/meta",
                Map.of("pixelId", "123", "accessToken", token(), "enabled", "yes"),
                "enabled has the wrong type");
        Map<String, Object> ok = Map.of("pixelId", "123", "accessToken", token());
        Api.as(p.key("events:write"))
                .body(ok)
                .put(path + "/meta")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"));
        Api.as(TestKeys.admin())
                .body(ok)
                .put("/v1/admin/projects/" + p.projectId() + "/sdk-apps/app_none/destinations/meta")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(TestKeys.admin())
                .body(ok)
                .put("/v1/admin/projects/prj_none/sdk-apps/" + p.sdkAppId() + "/destinations/meta")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(TestKeys.admin())
                .body(ok)
                .put(path + "/google")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
    }

    private static void invalid(String url, Map<String, Object> body, String message) {
        Api.as(TestKeys.admin())
                .body(body)
                .put(url)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo(message));
    }

    // --- what Meta and TikTok receive ---------------------------------------------------------------------------

    @Test
    void metaReceivesTheExactAppEvents() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        String token = destination(p, "meta", Map.of("pixelId", pixel, "testEventCode", "TEST4242"));
        Map<String, Object> purchase = purchase("evt_" + UUID.randomUUID(), "u1");
        purchase.put(
                "identity",
                Map.of(
                        "email",
                        "John_Smith@gmail.com",
                        "phone",
                        "(650)555-1212",
                        "fbp",
                        "fb.1.1596403881668.1116446470",
                        "fbc",
                        "fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz1234567890"));
        Map<String, Object> hashed = purchase("evt_" + UUID.randomUUID(), "u2");
        hashed.put("identity", Map.of("email", "62A14E44F765419D10FEA99367361A727C12365E2520F32218D505ED9AA0F62F"));
        Reads.ingest(p, List.of(purchase, hashed));

        List<LoggedRequest> requests = awaitEvents(FakePlatforms.meta(), "/v26.0/" + pixel + "/events", 2);
        // The two events may travel in one request or two (their storage batches are relayed as they come).
        ArrayNode data = JSON.createArrayNode();
        for (LoggedRequest r : requests) {
            assertThat(r.queryParameter("access_token").firstValue()).isEqualTo(token);
            JsonNode body = JSON.readTree(r.getBodyAsString());
            assertThat(body.get("test_event_code").asText()).isEqualTo("TEST4242");
            data.addAll((ArrayNode) body.get("data"));
        }
        JsonNode e = byId(data, "event_id", (String) purchase.get("eventId"));
        assertThat(e.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(e.get("action_source").asText()).isEqualTo("app");
        assertThat(e.get("event_time").asLong())
                .isEqualTo(Instant.parse((String) purchase.get("occurredAt")).getEpochSecond());
        JsonNode u = e.get("user_data");
        assertThat(u.get("em").get(0).asText())
                .isEqualTo("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        assertThat(u.get("ph").get(0).asText())
                .isEqualTo("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176");
        assertThat(u.get("fbp").asText()).isEqualTo("fb.1.1596403881668.1116446470");
        assertThat(u.get("fbc").asText()).isEqualTo("fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz1234567890");
        assertThat(u.get("client_ip_address").asText()).isEqualTo("203.0.113.9");
        assertThat(u.get("client_user_agent").asText()).isEqualTo("MyApp/4.2.1 (iPhone; iOS 17.4)");
        assertThat(e.get("app_data").get("extinfo")).hasSize(16);
        assertThat(e.get("app_data").get("extinfo").get(0).asText()).isEqualTo("i2");
        assertThat(e.get("app_data").get("extinfo").get(4).asText()).isEqualTo("17.4");
        assertThat(e.get("app_data").get("advertiser_tracking_enabled").asInt()).isEqualTo(1);
        assertThat(e.get("custom_data").get("value").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(e.get("custom_data").get("currency").asText()).isEqualTo("USD");
        JsonNode pre = byId(data, "event_id", (String) hashed.get("eventId"));
        assertThat(pre.get("user_data").get("em").get(0).asText())
                .as("passed through, never hashed twice")
                .isEqualTo("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        awaitStatus(p, (String) purchase.get("eventId"), "meta", "sent");
    }

    @Test
    void tiktokReceivesTheExactAppEvents() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String source = pixel();
        String token = destination(p, "tiktok", Map.of("eventSourceId", source, "appId", "6448311069"));
        Map<String, Object> signup = purchase("evt_" + UUID.randomUUID(), "u1");
        signup.put("name", "CompleteRegistration");
        signup.put("identity", Map.of("email", "test@test.com", "phone", "(650)555-1212", "externalId", "testId123"));
        Reads.ingest(p, List.of(signup));

        LoggedRequest r = awaitEvents(FakePlatforms.tiktok(), "/open_api/v1.3/event/track/", 1, source)
                .get(0);
        assertThat(r.getHeader("Access-Token")).isEqualTo(token);
        JsonNode body = JSON.readTree(r.getBodyAsString());
        assertThat(body.get("event_source").asText()).isEqualTo("app");
        assertThat(body.get("event_source_id").asText()).isEqualTo(source);
        JsonNode e = body.get("data").get(0);
        assertThat(e.get("event").asText()).isEqualTo("Registration");
        assertThat(e.get("event_id").asText()).isEqualTo(signup.get("eventId"));
        assertThat(e.get("user").get("email").asText())
                .isEqualTo("f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a");
        assertThat(e.get("user").get("phone").asText())
                .as("E.164 with the plus")
                .isEqualTo("1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8");
        assertThat(e.get("user").get("external_id").asText())
                .isEqualTo("481f202262e9c5ccc48d24e60798fadaa5f6ff1f8369f7ab927c04c3aa682a7f");
        assertThat(e.get("user").get("ip").asText()).isEqualTo("203.0.113.9");
        assertThat(e.get("user").get("att_status").asText()).isEqualTo("AUTHORIZED");
        assertThat(e.get("app").get("app_id").asText()).isEqualTo("6448311069");
        awaitStatus(p, (String) signup.get("eventId"), "tiktok", "sent");
    }

    @Test
    void limitedDataUseFollowsTheProjectTheUsersLatestConsentAndTheEventsOwnConsent() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        String source = pixel();
        destination(p, "meta", Map.of("pixelId", pixel));
        destination(p, "tiktok", Map.of("eventSourceId", source));
        Map<String, Object> optOut = Events.event("consent_updated", "u_consent", "evt_" + UUID.randomUUID());
        optOut.put("properties", Map.of("marketing", true, "limitedDataUse", true));
        optOut.put(
                "occurredAt",
                Instant.now()
                        .minus(2, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        Reads.ingest(p, List.of(optOut));
        Map<String, Object> plain = purchase("evt_plain_" + UUID.randomUUID(), "u_plain");
        Map<String, Object> byConsent = purchase("evt_consent_" + UUID.randomUUID(), "u_consent");
        Map<String, Object> byEvent = purchase("evt_event_" + UUID.randomUUID(), "u_event");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = new HashMap<>((Map<String, Object>) byEvent.get("context"));
        context.put("consent", Map.of("marketing", true, "limitedDataUse", true));
        byEvent.put("context", context);
        Reads.ingest(p, List.of(plain, byConsent, byEvent));

        JsonNode meta = sentEvents(awaitEvents(FakePlatforms.meta(), "/v26.0/" + pixel + "/events", 3));
        JsonNode tiktok = sentEvents(awaitEvents(FakePlatforms.tiktok(), "/open_api/v1.3/event/track/", 3, source));
        assertThat(byId(meta, "event_id", (String) plain.get("eventId")).has("data_processing_options"))
                .isFalse();
        assertThat(byId(tiktok, "event_id", (String) plain.get("eventId"))
                        .get("limited_data_use")
                        .asBoolean())
                .isFalse();
        for (Map<String, Object> limited : List.of(byConsent, byEvent)) {
            JsonNode m = byId(meta, "event_id", (String) limited.get("eventId"));
            assertThat(m.get("data_processing_options").toString()).isEqualTo("[\"LDU\"]");
            assertThat(m.get("data_processing_options_country").asInt()).isZero();
            assertThat(m.get("data_processing_options_state").asInt()).isZero();
            assertThat(byId(tiktok, "event_id", (String) limited.get("eventId"))
                            .get("limited_data_use")
                            .asBoolean())
                    .isTrue();
        }

        Api.as(TestKeys.admin())
                .body(Map.of("limitedDataUse", true))
                .patch("/v1/admin/projects/" + p.projectId())
                .then()
                .statusCode(200)
                .body("id", equalTo(p.projectId()))
                .body("limitedDataUse", equalTo(true));
        Map<String, Object> later = purchase("evt_later_" + UUID.randomUUID(), "u_plain");
        Reads.ingest(p, List.of(later));
        JsonNode project = byId(
                sentEvents(awaitEvents(FakePlatforms.meta(), "/v26.0/" + pixel + "/events", 4)), "event_id", (String)
                        later.get("eventId"));
        assertThat(project.get("data_processing_options").toString()).isEqualTo("[\"LDU\"]");
        assertThat(byId(
                                sentEvents(
                                        awaitEvents(FakePlatforms.tiktok(), "/open_api/v1.3/event/track/", 4, source)),
                                "event_id",
                                (String) later.get("eventId"))
                        .get("limited_data_use")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aProjectsLimitedDataUseIsChangedByAnAdminOnly() {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/admin/projects/" + p.projectId();
        Api.as(TestKeys.admin())
                .body(Map.of())
                .patch(path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo("limitedDataUse is required"));
        Api.as(TestKeys.admin())
                .body(Map.of("limitedDataUse", "yes"))
                .patch(path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(TestKeys.admin())
                .body(Map.of("limitedDataUse", true))
                .patch("/v1/admin/projects/no_such_project")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(p.key("events:write"))
                .body(Map.of("limitedDataUse", true))
                .patch(path)
                .then()
                .statusCode(403);
        Api.as(TestKeys.admin())
                .body(Map.of("limitedDataUse", false))
                .patch(path)
                .then()
                .statusCode(200)
                .body("limitedDataUse", equalTo(false));
    }

    // --- failures ---------------------------------------------------------------------------------------------

    @Test
    void aServerErrorIsRetriedWithTheSameEventIdAndDeliveredOnce() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        String path = "/v26.0/" + pixel + "/events";
        FakePlatforms.meta()
                .stubFor(post(urlPathEqualTo(path))
                        .inScenario(pixel)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withBody("{\"error\":{\"code\":2,\"message\":\"Service temporarily unavailable\"}}"))
                        .willSetStateTo("up"));
        FakePlatforms.meta()
                .stubFor(post(urlPathEqualTo(path))
                        .inScenario(pixel)
                        .whenScenarioStateIs("up")
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withBody("{\"events_received\":1,\"fbtrace_id\":\"second\"}")));
        destination(p, "meta", Map.of("pixelId", pixel));
        String id = "evt_" + UUID.randomUUID();
        Reads.ingest(p, List.of(purchase(id, "u1")));

        awaitStatus(p, id, "meta", "sent");
        List<LoggedRequest> requests = FakePlatforms.meta().findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).hasSize(2);
        for (LoggedRequest r : requests) {
            assertThat(JSON.readTree(r.getBodyAsString())
                            .get("data")
                            .get(0)
                            .get("event_id")
                            .asText())
                    .isEqualTo(id);
        }
        Api.as(TestKeys.admin())
                .get("/v1/admin/projects/" + p.projectId() + "/relay/deliveries?eventId=" + id)
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].status", equalTo("sent"))
                .body("data[0].attempts", hasSize(2))
                .body("data[0].attempts[0].outcome", equalTo("retry"))
                .body("data[0].attempts[0].httpStatus", equalTo(500))
                .body("data[0].attempts[0].code", equalTo("2"))
                .body("data[0].attempts[1].outcome", equalTo("sent"))
                .body("data[0].attempts[1].traceId", equalTo("second"));
    }

    @Test
    void aRefusedEventDoesNotHoldBackTheRestOfItsBatch() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        String source = pixel();
        String bad = "evt_bad_" + UUID.randomUUID();
        FakePlatforms.meta()
                .stubFor(post(urlPathEqualTo("/v26.0/" + pixel + "/events"))
                        .withRequestBody(containing(bad))
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withBody("{\"error\":{\"code\":100,\"error_subcode\":2804019,"
                                        + "\"message\":\"Invalid parameter\",\"fbtrace_id\":\"AbC\"}}")));
        FakePlatforms.tiktok()
                .stubFor(post(urlPathEqualTo("/open_api/v1.3/event/track/"))
                        .withRequestBody(containing(bad))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withBody("{\"code\":40002,\"message\":\"Batch.0.properties: Not a valid string\","
                                        + "\"request_id\":\"tt-1\"}")));
        destination(p, "meta", Map.of("pixelId", pixel));
        destination(p, "tiktok", Map.of("eventSourceId", source));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(purchase(i == 2 ? bad : "evt_" + UUID.randomUUID(), "u" + i));
        }
        Reads.ingest(p, events);

        for (String destination : List.of("meta", "tiktok")) {
            awaitStatus(p, bad, destination, "failed");
            for (Map<String, Object> e : events) {
                if (!e.get("eventId").equals(bad)) {
                    awaitStatus(p, (String) e.get("eventId"), destination, "sent");
                }
            }
        }
        // Requests without the bad event are the accepted ones: each good event is in exactly one of them.
        assertThat(sentIds(FakePlatforms.meta(), "/v26.0/" + pixel + "/events", null, bad))
                .as("each good event delivered once")
                .hasSize(4)
                .doesNotHaveDuplicates();
        assertThat(sentIds(FakePlatforms.tiktok(), "/open_api/v1.3/event/track/", source, bad))
                .hasSize(4)
                .doesNotHaveDuplicates();
        assertThat(Db.rows(
                                "SELECT reason FROM relay_deliveries WHERE project_id = ? AND event_id = ? AND destination = 'meta'",
                                p.projectId(),
                                bad)
                        .get(0)
                        .get("reason"))
                .asString()
                .contains("HTTP 400")
                .contains("100/2804019")
                .contains("Invalid parameter");
    }

    // --- what is never sent -------------------------------------------------------------------------------------

    @Test
    void tooOldEventsAndUsersWhoWithdrewMarketingConsentAreStoredButNeverSent() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, "meta", Map.of("pixelId", pixel));
        Map<String, Object> old = purchase("evt_old_" + UUID.randomUUID(), "u_old");
        old.put(
                "occurredAt",
                Instant.now()
                        .minus(8, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        Map<String, Object> withdraw = Events.event("consent_updated", "u_private", "evt_" + UUID.randomUUID());
        withdraw.put("properties", Map.of("analytics", true, "marketing", false));
        withdraw.put(
                "occurredAt",
                Instant.now()
                        .minus(2, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        Reads.ingest(p, List.of(old, withdraw));
        Map<String, Object> privatePurchase = purchase("evt_private_" + UUID.randomUUID(), "u_private");
        Map<String, Object> fine = purchase("evt_fine_" + UUID.randomUUID(), "u_fine");
        Reads.ingest(p, List.of(privatePurchase, fine));

        awaitStatus(p, (String) fine.get("eventId"), "meta", "sent");
        awaitStatus(p, (String) old.get("eventId"), "meta", "skipped");
        awaitStatus(p, (String) privatePurchase.get("eventId"), "meta", "skipped");
        assertThat(reason(p, (String) old.get("eventId"))).isEqualTo("too_old");
        assertThat(reason(p, (String) privatePurchase.get("eventId"))).isEqualTo("consent");
        assertThat(reason(p, (String) withdraw.get("eventId"))).isEqualTo("not_mapped");
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()))
                .as("all stored")
                .isEqualTo(4);
        assertThat(sentIds(FakePlatforms.meta(), "/v26.0/" + pixel + "/events", null))
                .containsExactly((String) fine.get("eventId"));
    }

    // --- volume and concurrency ----------------------------------------------------------------------------------

    @Test
    void fifteenHundredEventsGoInRequestsOfAtMostAThousandEachEventOnce() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, "meta", Map.of("pixelId", pixel));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            events.add(purchase("evt_" + i + "_" + UUID.randomUUID(), "u" + (i % 40)));
        }
        Reads.ingest(p, events);
        String path = "/v26.0/" + pixel + "/events";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> sentIds(FakePlatforms.meta(), path, null).size() >= 1500);
        for (LoggedRequest r : FakePlatforms.meta().findAll(postRequestedFor(urlPathEqualTo(path)))) {
            assertThat(JSON.readTree(r.getBodyAsString()).get("data").size()).isBetween(1, 1000);
        }
        assertThat(sentIds(FakePlatforms.meta(), path, null)).hasSize(1500).doesNotHaveDuplicates();
        assertThat(Db.count(
                        "SELECT count(*) FROM relay_deliveries WHERE project_id = ? AND status = 'sent'",
                        p.projectId()))
                .isEqualTo(1500);
    }

    @Test
    void concurrentWorkersNeverSendTheSameRow() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, "meta", Map.of("pixelId", pixel));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(purchase("evt_" + i + "_" + UUID.randomUUID(), "u" + i));
        }
        // Ten batches of 40, each its own outbox row, claimed by the scheduled worker and four more at once.
        for (int from = 0; from < events.size(); from += 40) {
            Reads.ingest(p, events.subList(from, from + 40));
        }
        Uni.join()
                .all(worker.drain(), worker.drain(), worker.drain(), worker.drain())
                .andFailFast()
                .await()
                .atMost(Duration.ofSeconds(60));
        String path = "/v26.0/" + pixel + "/events";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sentIds(FakePlatforms.meta(), path, null).size() >= 400);
        assertThat(sentIds(FakePlatforms.meta(), path, null)).hasSize(400).doesNotHaveDuplicates();
    }

    @Test
    void aDisabledDestinationQueuesNothingAndTheDeliveriesViewValidatesItsQuery() {
        Api.ProjectFixture p = Api.newProject();
        String pixel = pixel();
        destination(p, "meta", Map.of("pixelId", pixel, "enabled", false));
        String id = "evt_" + UUID.randomUUID();
        Reads.ingest(p, List.of(purchase(id, "u1")));
        assertThat(Db.count("SELECT count(*) FROM relay_outbox WHERE project_id = ?", p.projectId()))
                .isZero();
        String base = "/v1/admin/projects/" + p.projectId() + "/relay/deliveries";
        Api.as(TestKeys.admin())
                .get(base)
                .then()
                .statusCode(200)
                .body("data", hasSize(0))
                .body("nextCursor", equalTo(null));
        Api.as(TestKeys.admin())
                .get(base + "?status=lost")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(TestKeys.admin())
                .get(base + "?destination=google")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(TestKeys.admin())
                .get(base + "?cursor=nonsense")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Api.as(p.key("events:read")).get(base).then().statusCode(403);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String token() {
        String t = "EAAB" + UUID.randomUUID().toString().replace("-", "") + "ZZ";
        TOKENS.add(t);
        return t;
    }

    private static String pixel() {
        return String.valueOf(1_000_000_000L + (long) (Math.random() * 8_000_000_000L));
    }

    /** Puts a destination with a fresh token and returns the token. */
    private static String destination(Api.ProjectFixture p, String destination, Map<String, Object> fields) {
        String token = token();
        Map<String, Object> body = new HashMap<>(fields);
        body.put("accessToken", token);
        Api.as(TestKeys.admin())
                .body(body)
                .put("/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/"
                        + destination)
                .then()
                .statusCode(200);
        return token;
    }

    private static Map<String, Object> purchase(String id, String user) {
        Map<String, Object> e = Events.event("Purchase", user, id);
        e.put("properties", Map.of("revenue", 19.99, "currency", "USD", "product_id", "pro_yearly"));
        e.put(
                "context",
                Map.of(
                        "ip",
                        "203.0.113.9",
                        "userAgent",
                        "MyApp/4.2.1 (iPhone; iOS 17.4)",
                        "locale",
                        "en-US",
                        "attStatus",
                        "authorized",
                        "device",
                        Map.of("os", "iOS", "osVersion", "17.4", "model", "iPhone15,2")));
        return e;
    }

    private static List<LoggedRequest> awaitEvents(WireMockServer fake, String path, int events) {
        return awaitEvents(fake, path, events, null);
    }

    /** Requests on {@code path} (for TikTok: of event source {@code source}) once they carry {@code events} events. */
    private static List<LoggedRequest> awaitEvents(WireMockServer fake, String path, int events, String source) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sentIds(fake, path, source).size() >= events);
        return fake.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .filter(r -> source == null || r.getBodyAsString().contains("\"" + source + "\""))
                .toList();
    }

    /** Every event id the fake received on {@code path}, one entry per time received. */
    private static List<String> sentIds(WireMockServer fake, String path, String source) throws Exception {
        return sentIds(fake, path, source, null);
    }

    /** The same, leaving out requests that carried {@code except}. */
    private static List<String> sentIds(WireMockServer fake, String path, String source, String except)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (LoggedRequest r : fake.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            if (source != null && !source.equals(body.path("event_source_id").asText())
                    || except != null && r.getBodyAsString().contains(except)) {
                continue;
            }
            body.get("data")
                    .forEach(e -> ids.add(e.has("event_id") ? e.get("event_id").asText() : ""));
        }
        return ids;
    }

    /** The {@code data} items of every request, in one array. */
    private static JsonNode sentEvents(List<LoggedRequest> requests) throws Exception {
        ArrayNode data = JSON.createArrayNode();
        for (LoggedRequest r : requests) {
            data.addAll((ArrayNode) JSON.readTree(r.getBodyAsString()).get("data"));
        }
        return data;
    }

    private static JsonNode byId(JsonNode data, String field, String id) {
        for (JsonNode e : data) {
            if (id.equals(e.get(field).asText())) {
                return e;
            }
        }
        throw new AssertionError(id + " not in " + data);
    }

    private static void awaitStatus(Api.ProjectFixture p, String eventId, String destination, String status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM relay_deliveries WHERE project_id = ? "
                                        + "AND event_id = ? AND destination = ? AND status = ?",
                                p.projectId(),
                                eventId,
                                destination,
                                status)
                        == 1);
    }

    private static String reason(Api.ProjectFixture p, String eventId) {
        return (String) Db.rows(
                        "SELECT reason FROM relay_deliveries WHERE project_id = ? AND event_id = ?",
                        p.projectId(),
                        eventId)
                .get(0)
                .get("reason");
    }
}
