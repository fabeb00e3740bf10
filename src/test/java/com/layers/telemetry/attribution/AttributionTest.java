package com.layers.telemetry.attribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.LogCapture;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Apple Search Ads token exchange against a real HTTP fake of Apple's AdServices API (WireMock in the test JVM),
 * and {@code GET /v1/projects/{projectId}/apple-ads-attribution}: Apple's answers and retry rules, what is listed,
 * exactly one exchange per token event, and a token that never leaves storage.
 */
@QuarkusTest
class AttributionTest {
    private static final String API = "/api/v1/";
    private static final String DETAILED = """
            {"attribution":true,"orgId":40669820,"campaignId":542370539,"conversionType":"Download","clickDate":"2024-10-08T17:17Z",
             "claimType":"Click","adGroupId":542317095,"countryOrRegion":"US","keywordId":87675432,"adId":542317136,
             "supplyPlacement":"APPSTORE_SEARCH_RESULTS"}""";
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final LogCapture LOG = new LogCapture();

    @BeforeAll
    static void captureLog() {
        LOG.start();
    }

    @AfterAll
    static void noTokenWasEverLogged() {
        List<String> lines = LOG.stop();
        for (String token : TOKENS) {
            assertThat(lines).noneMatch(line -> line.contains(token));
        }
    }

    // --- the exchange ----------------------------------------------------------------------------------------------

    @Test
    void aTokenEventBecomesARecordWithEverythingAppleReturned() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(200, DETAILED);
        Map<String, Object> install =
                install("u1", token, "authorized", Instant.now().minusSeconds(30));
        String ingest = Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(install)))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .extract()
                .asString();

        JsonPath r = awaitRecords(p, 1).setRootPath("records[0]");
        assertThat(r.getString("recordId")).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(r.getString("appUserId")).isEqualTo("u1");
        assertThat(r.getString("appId")).isEqualTo(p.sdkAppId());
        assertThat(r.getString("attribution")).isEqualTo("true");
        assertThat(r.getLong("orgId")).isEqualTo(40669820L);
        assertThat(r.getLong("campaignId")).isEqualTo(542370539L);
        assertThat(r.getLong("adGroupId")).isEqualTo(542317095L);
        assertThat(r.getLong("keywordId")).isEqualTo(87675432L);
        assertThat(r.getLong("adId")).isEqualTo(542317136L);
        assertThat((Object) r.get("creativeSetId")).as("Apple sent none").isNull();
        assertThat(r.getString("countryOrRegion")).isEqualTo("US");
        assertThat(r.getString("conversionType")).isEqualTo("Download");
        assertThat(r.getBoolean("reDownload")).isFalse();
        assertThat(r.getString("claimType")).isEqualTo("Click");
        assertThat(r.getString("clickDate")).isEqualTo("2024-10-08T17:17:00Z");
        assertThat((Object) r.get("impressionDate")).isNull();
        assertThat(r.getString("supplyPlacement")).isEqualTo("APPSTORE_SEARCH_RESULTS");
        assertThat(r.getString("installedAt")).isEqualTo(install.get("occurredAt"));
        Instant exchanged = Instant.parse(r.getString("exchangedAt"));
        assertThat(exchanged)
                .isAfter(Instant.parse((String) install.get("occurredAt")))
                .isBefore(Instant.now().plusSeconds(1));

        // Apple received exactly the raw token, as text/plain, at the configured URL.
        LoggedRequest call = calls(token).get(0);
        assertThat(call.getBodyAsString()).isEqualTo(token);
        assertThat(call.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(call.containsHeader("Authorization")).isFalse();

        Map<String, Object> stored = Db.rows(
                        "SELECT properties::text AS properties, attribution_method, asa_campaign_id, asa_ad_group_id, "
                                + "asa_country, asa_conversion_type FROM sdk_events WHERE project_id = ?",
                        p.projectId())
                .get(0);
        assertThat(stored.get("attribution_method")).isEqualTo("deterministic_adservices");
        assertThat(stored.get("asa_campaign_id")).isEqualTo(542370539L);
        assertThat(stored.get("asa_ad_group_id")).isEqualTo(542317095L);
        assertThat(stored.get("asa_country")).isEqualTo("US");
        assertThat(stored.get("asa_conversion_type")).isEqualTo("Download");
        assertThat((String) stored.get("properties"))
                .contains("first_open_source")
                .doesNotContain(token)
                .doesNotContain("adservices_token");
        assertThat(Db.rows("SELECT raw::text AS raw FROM apple_ads_attributions WHERE project_id = ?", p.projectId())
                        .get(0)
                        .get("raw"))
                .asString()
                .contains("\"supplyPlacement\": \"APPSTORE_SEARCH_RESULTS\"");
        assertThat(Db.rows(
                                "SELECT status, outcome, token FROM attribution_exchanges WHERE project_id = ?",
                                p.projectId())
                        .get(0))
                .containsEntry("status", "exchanged")
                .containsEntry("outcome", "attributed")
                .containsEntry("token", null);

        // The token is in no answer.
        assertThat(ingest).doesNotContain(token);
        assertThat(Reads.get(p, "events:read+pii", "/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(token);
        assertThat(Reads.get(p, "events:read+pii", "/users/u1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(token);
        assertThat(Reads.get(p, "events:read+pii", "/users/u1/signal")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(token);
        assertThat(Reads.get(p, "events:read", "/apple-ads-attribution")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(token);
    }

    @Test
    void notFoundIsTriedThreeTimesFiveSecondsApart() {
        Api.ProjectFixture p = Api.newProject();
        String token = token();
        String scenario = "nf-" + token;
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(equalTo(token))
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(404))
                        .willSetStateTo("second"));
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(equalTo(token))
                        .inScenario(scenario)
                        .whenScenarioStateIs("second")
                        .willReturn(aResponse().withStatus(404))
                        .willSetStateTo("third"));
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(equalTo(token))
                        .inScenario(scenario)
                        .whenScenarioStateIs("third")
                        .willReturn(json(200, DETAILED.replace("\"Download\"", "\"Redownload\""))));
        Reads.ingest(p, List.of(install("u1", token, "authorized", Instant.now().minusSeconds(5))));

        JsonPath page = awaitRecords(p, 1, Duration.ofSeconds(30));
        assertThat(page.getString("records[0].conversionType")).isEqualTo("Redownload");
        assertThat(page.getBoolean("records[0].reDownload")).isTrue();
        List<LoggedRequest> calls = calls(token);
        assertThat(calls).hasSize(3);
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getLoggedDate().getTime()
                    - calls.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("Apple: retry at 5 s intervals").isBetween(4_900L, 7_000L);
        }
        assertThat(Db.rows(
                        "SELECT outcome, http_status FROM attribution_attempts WHERE project_id = ? ORDER BY id",
                        p.projectId()))
                .extracting(m -> m.get("outcome") + "/" + m.get("http_status"))
                .containsExactly("not_found/404", "not_found/404", "attributed/200");
    }

    @Test
    void threeNotFoundsAreFinal() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(404, "");
        Reads.ingest(p, List.of(install("u1", token, "authorized", Instant.now().minusSeconds(5))));
        awaitExchange(p, "failed", Duration.ofSeconds(30));
        assertThat(Db.rows(
                                "SELECT outcome, attempts, not_found, token FROM attribution_exchanges WHERE project_id = ?",
                                p.projectId())
                        .get(0))
                .containsEntry("outcome", "not_found")
                .containsEntry("attempts", 3)
                .containsEntry("not_found", 3)
                .containsEntry("token", null);
        assertThat(calls(token)).hasSize(3);
    }

    @Test
    void notFoundForATokenOlderThanADayIsFinalAtOnce() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(404, "");
        Reads.ingest(p, List.of(install("u1", token, "authorized", Instant.now().minus(25, ChronoUnit.HOURS))));
        awaitExchange(p, "failed", Duration.ofSeconds(15));
        assertThat(Db.rows("SELECT outcome FROM attribution_exchanges WHERE project_id = ?", p.projectId())
                        .get(0))
                .containsEntry("outcome", "expired");
        assertThat(calls(token)).hasSize(1);
    }

    @Test
    void anInvalidTokenIsFinalAfterOneCall() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(400, "");
        Reads.ingest(p, List.of(install("u1", token, "authorized", Instant.now().minusSeconds(5))));
        awaitExchange(p, "failed", Duration.ofSeconds(15));
        assertThat(Db.rows("SELECT outcome, token FROM attribution_exchanges WHERE project_id = ?", p.projectId())
                        .get(0))
                .containsEntry("outcome", "invalid_token")
                .containsEntry("token", null);
        assertThat(calls(token)).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM apple_ads_attributions WHERE project_id = ?", p.projectId()))
                .isZero();
    }

    @Test
    void aServerErrorIsRetriedUntilAppleAnswers() {
        Api.ProjectFixture p = Api.newProject();
        String token = token();
        String scenario = "5xx-" + token;
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(equalTo(token))
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500).withBody("temporarily down"))
                        .willSetStateTo("up"));
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API))
                        .withRequestBody(equalTo(token))
                        .inScenario(scenario)
                        .whenScenarioStateIs("up")
                        .willReturn(json(200, DETAILED)));
        Reads.ingest(p, List.of(install("u1", token, "authorized", Instant.now().minusSeconds(5))));
        awaitRecords(p, 1, Duration.ofSeconds(20));
        assertThat(calls(token)).hasSize(2);
        assertThat(Db.rows(
                        "SELECT outcome, http_status, message FROM attribution_attempts WHERE project_id = ? ORDER BY id",
                        p.projectId()))
                .extracting(m -> m.get("outcome") + "/" + m.get("http_status") + "/" + m.get("message"))
                .containsExactly("server_error/500/temporarily down", "attributed/200/null");
    }

    // --- what is listed ---------------------------------------------------------------------------------------------

    @Test
    void organicInstallsDeniedDevicesAndAppleTestDataAreNotListed() {
        Api.ProjectFixture p = Api.newProject();
        String organic = apple(200, "{\"attribution\":false}");
        String test = apple(200, """
                {"attribution":true,"orgId":1234567890,"campaignId":1234567890,"conversionType":"Download","clickDate":"2020-04-08T17:17Z",
                 "adGroupId":1234567890,"countryOrRegion":"US","keywordId":123222,"adId":1234567890}""");
        String denied = apple(200, DETAILED);
        String attributed = apple(200, DETAILED);
        Instant at = Instant.now().minusSeconds(60);
        Reads.ingest(
                p,
                List.of(
                        install("organic", organic, "authorized", at),
                        install("test", test, "authorized", at),
                        install("denied", denied, "denied", at),
                        install("empty", "", "authorized", at),
                        install("paid", attributed, "authorized", at)));

        JsonPath page = awaitRecords(p, 1);
        assertThat(page.getString("records[0].appUserId")).isEqualTo("paid");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Db.count("SELECT count(*) FROM apple_ads_attributions WHERE project_id = ?", p.projectId())
                        == 3);
        assertThat(Db.rows(
                        "SELECT app_user_id, attribution, test FROM apple_ads_attributions WHERE project_id = ? ORDER BY app_user_id",
                        p.projectId()))
                .extracting(m -> m.get("app_user_id") + "/" + m.get("attribution") + "/" + m.get("test"))
                .containsExactly("organic/false/false", "paid/true/false", "test/true/true");
        assertThat(Db.rows(
                        "SELECT app_user_id, outcome FROM attribution_exchanges WHERE project_id = ? ORDER BY app_user_id",
                        p.projectId()))
                .extracting(m -> m.get("app_user_id") + "/" + m.get("outcome"))
                .as("an ATT-denied device and an empty token queue nothing")
                .containsExactly("organic/organic", "paid/attributed", "test/test_data");
        assertThat(calls(denied)).isEmpty();
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND properties -> 'adservices_token' IS NOT NULL",
                        p.projectId()))
                .as("no token kept, whatever the ATT status")
                .isZero();
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND attribution_method IS NOT NULL",
                        p.projectId()))
                .as("only the attributed install is stamped")
                .isEqualTo(1);

        Reads.get(p, "events:read", "/apple-ads-attribution?includeTestData=true")
                .then()
                .statusCode(200)
                .body("records", hasSize(2))
                .body("records.find { it.appUserId == 'test' }.testData", Matchers.equalTo(true))
                .body("records.find { it.appUserId == 'test' }.campaignId", Matchers.equalTo(1234567890));
    }

    @Test
    void theSameTokenEventSentTwiceIsExchangedOnce() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(200, DETAILED);
        Map<String, Object> install =
                install("u1", token, "authorized", Instant.now().minusSeconds(30));
        String key = p.key("events:write");
        Api.as(key)
                .body(Events.batch(p, List.of(install)))
                .post("/v1/events")
                .then()
                .statusCode(202);
        awaitRecords(p, 1);
        Api.as(key)
                .body(Events.batch(p, List.of(install)))
                .post("/v1/events")
                .then()
                .statusCode(202);
        // The same user's next token event shares the partition, so once it is exchanged the duplicate was consumed.
        String next = apple(200, DETAILED.replace("542370539", "542370540"));
        Api.as(key)
                .body(Events.batch(
                        p,
                        List.of(install("u1", next, "authorized", Instant.now().minusSeconds(10)))))
                .post("/v1/events")
                .then()
                .statusCode(202);
        awaitRecords(p, 2);
        assertThat(calls(token)).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM attribution_exchanges WHERE project_id = ?", p.projectId()))
                .isEqualTo(2);
    }

    @Test
    void aTokenProducedStraightOntoKafkaIsExchangedToo() {
        Api.ProjectFixture p = Api.newProject();
        String token = apple(200, DETAILED);
        String at =
                Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.SECONDS).toString();
        Kafka.produce(List.of(Kafka.record(
                "sdk-events",
                p.projectId() + ":k1",
                "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\""
                        + p.sdkAppId() + "\",\"event\":{\"name\":\"app_open\",\"occurredAt\":\"" + at
                        + "\",\"appUserId\":\"k1\",\"eventId\":\"kafka-1\","
                        + "\"properties\":{\"adservices_token\":\"" + token
                        + "\"},\"context\":{\"attStatus\":\"authorized\"}}}")));
        assertThat(awaitRecords(p, 1).getString("records[0].appUserId")).isEqualTo("k1");
        assertThat(Db.rows("SELECT properties::text AS p FROM sdk_events WHERE project_id = ?", p.projectId())
                        .get(0)
                        .get("p"))
                .isEqualTo("{}");
    }

    @Test
    void pagesWalkInstallTimeWithoutGapsOrRepeatsWhileRecordsArrive() {
        Api.ProjectFixture p = Api.newProject();
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> installs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two installs share each instant, so ties are ordered by recordId.
            installs.add(install("u" + i, apple(200, DETAILED), "authorized", base.plusSeconds(60L * (i / 2))));
        }
        Reads.ingest(p, installs);
        awaitRecords(p, 7);

        List<String> seen = new ArrayList<>();
        List<String> installedAt = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = Reads.get(
                            p,
                            "events:read",
                            "/apple-ads-attribution?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("records.recordId"));
            installedAt.addAll(page.getList("records.installedAt"));
            cursor = page.getString("nextCursor");
            if (++pages == 1) {
                // New installs arrive between pages: later ones join the walk, none disturbs it.
                Reads.ingest(
                        p,
                        List.of(
                                install(
                                        "late1",
                                        apple(200, DETAILED),
                                        "authorized",
                                        Instant.now().minusSeconds(5)),
                                install(
                                        "late2",
                                        apple(200, DETAILED),
                                        "authorized",
                                        Instant.now().minusSeconds(4))));
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> Db.count(
                                        "SELECT count(*) FROM apple_ads_attributions WHERE project_id = ?",
                                        p.projectId())
                                == 9);
            }
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().hasSize(9);
        List<String> all = Db.rows(
                        "SELECT record_id FROM apple_ads_attributions WHERE project_id = ? ORDER BY installed_at, record_id",
                        p.projectId())
                .stream()
                .map(m -> (String) m.get("record_id"))
                .toList();
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(installedAt).isSorted();
        assertThat(pages).isEqualTo(3);

        // Filters: userId, since (inclusive), until (exclusive).
        Reads.get(p, "events:read", "/apple-ads-attribution?userId=u3")
                .then()
                .statusCode(200)
                .body("records", hasSize(1))
                .body("records[0].appUserId", Matchers.equalTo("u3"))
                .body("nextCursor", nullValue());
        String second = base.plusSeconds(60).toString();
        Reads.get(p, "events:read", "/apple-ads-attribution?since=" + second + "&until=" + base.plusSeconds(180))
                .then()
                .statusCode(200)
                .body("records", hasSize(4))
                .body(
                        "records.installedAt",
                        Matchers.everyItem(Matchers.anyOf(
                                Matchers.equalTo(second),
                                Matchers.equalTo(base.plusSeconds(120).toString()))));
    }

    // --- errors
    // -------------------------------------------------------------------------------------------------------

    @Test
    void badParametersAreRefusedInTheEnvelope() {
        Api.ProjectFixture p = Api.newProject();
        for (String query : new String[] {
            "since=yesterday",
            "until=2026-13-01T00:00:00Z",
            "cursor=not-a-cursor",
            "limit=0",
            "limit=201",
            "limit=ten",
            "includeTestData=maybe"
        }) {
            Reads.get(p, "events:read", "/apple-ads-attribution?" + query)
                    .then()
                    .statusCode(400)
                    .body("error.code", Matchers.equalTo("VALIDATION"));
        }
        Reads.get(p, "events:read", "/apple-ads-attribution")
                .then()
                .statusCode(200)
                .body("records", hasSize(0))
                .body("nextCursor", nullValue())
                .body("$", Matchers.hasKey("nextCursor"));
    }

    @Test
    void anotherProjectsKeyAndAMissingProjectGet404() {
        Api.ProjectFixture p = Api.newProject();
        Api.ProjectFixture other = Api.newProject();
        Api.as(other.key("events:read"))
                .get("/v1/projects/" + p.projectId() + "/apple-ads-attribution")
                .then()
                .statusCode(404)
                .body("error.code", Matchers.equalTo("NOT_FOUND"));
        Api.as(TestKeys.token("events:read", List.of("prj_missing")))
                .get("/v1/projects/prj_missing/apple-ads-attribution")
                .then()
                .statusCode(404)
                .body("error.code", Matchers.equalTo("NOT_FOUND"));
        Api.as(p.key("events:write"))
                .get("/v1/projects/" + p.projectId() + "/apple-ads-attribution")
                .then()
                .statusCode(403)
                .body("error.code", Matchers.equalTo("FORBIDDEN_SCOPE"));
    }

    @Test
    void metricsCountExchangesByOutcome() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(
                p,
                List.of(install(
                        "u1", apple(200, DETAILED), "authorized", Instant.now().minusSeconds(5))));
        awaitRecords(p, 1);
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("telemetry_attribution_exchanges_total{outcome=\"attributed\"}")
                .contains("telemetry_attribution_request_seconds")
                .contains("telemetry_attribution_pending");
    }

    // --- helpers
    // ------------------------------------------------------------------------------------------------------

    /** A fresh token (base64, like Apple's) that the fake answers with {@code status} and {@code body}. */
    private static String apple(int status, String body) {
        String token = token();
        FakePlatforms.adservices()
                .stubFor(post(urlEqualTo(API)).withRequestBody(equalTo(token)).willReturn(json(status, body)));
        return token;
    }

    private static String token() {
        String token = Base64.getEncoder()
                .encodeToString(("asa-" + UUID.randomUUID() + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        TOKENS.add(token);
        return token;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static Map<String, Object> install(String user, String token, String attStatus, Instant at) {
        Map<String, Object> e = Events.event("app_install", user, Events.id());
        e.put("occurredAt", at.truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> properties = new HashMap<>();
        properties.put("adservices_token", token);
        properties.put("first_open_source", "store");
        e.put("properties", properties);
        e.put("context", Map.of("attStatus", attStatus));
        return e;
    }

    private static List<LoggedRequest> calls(String token) {
        return FakePlatforms.adservices()
                .findAll(postRequestedFor(urlEqualTo(API)).withRequestBody(equalTo(token)));
    }

    private static JsonPath awaitRecords(Api.ProjectFixture p, int count) {
        return awaitRecords(p, count, Duration.ofSeconds(20));
    }

    private static JsonPath awaitRecords(Api.ProjectFixture p, int count, Duration within) {
        String key = p.key("events:read");
        JsonPath[] last = new JsonPath[1];
        await().atMost(within).until(() -> {
            last[0] = Api.as(key)
                    .get("/v1/projects/" + p.projectId() + "/apple-ads-attribution?limit=200")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            return last[0].getList("records").size() >= count;
        });
        return last[0];
    }

    private static void awaitExchange(Api.ProjectFixture p, String status, Duration within) {
        await().atMost(within)
                .until(() -> Db.count(
                                "SELECT count(*) FROM attribution_exchanges WHERE project_id = ? AND status = ?",
                                p.projectId(),
                                status)
                        == 1);
    }
}
