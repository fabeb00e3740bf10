package com.layers.telemetry.attribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.ProcessStack;
import com.layers.telemetry.support.ServiceProcess;
import com.layers.telemetry.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed (SIGKILL) while Apple holds its exchange, before it could record the answer: after a
 * restart it exchanges that token once more, and exactly one record exists.
 */
class AttributionCrashIT {
    private static final String TOKEN = "QXBwbGVDcmFzaFRva2VuRm9yVGhlSVQ=";
    private static final String RECORD =
            "{\"attribution\":true,\"orgId\":1,\"campaignId\":542370539,\"adGroupId\":542317095,"
                    + "\"conversionType\":\"Download\",\"countryOrRegion\":\"US\",\"claimType\":\"Click\"}";
    private static ProcessStack stack;
    private static WireMockServer apple;

    @BeforeAll
    static void stack() {
        stack = ProcessStack.start();
        apple = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        apple.start();
        // The first exchange is held long enough to kill the service before it answers; the second gets a prompt
        // record.
        apple.stubFor(post(urlEqualTo("/api/v1/"))
                .inScenario("crash")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(8_000).withBody(RECORD))
                .willSetStateTo("again"));
        apple.stubFor(post(urlEqualTo("/api/v1/"))
                .inScenario("crash")
                .whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(200).withBody(RECORD)));
    }

    @AfterAll
    static void teardown() {
        apple.stop();
        stack.stop();
    }

    @Test
    void killedBetweenExchangeAndRecordExchangesOnceMoreAndRecordsOnce() throws Exception {
        ServiceProcess service = stack.service().withEnv("ADSERVICES_URL", apple.baseUrl() + "/api/v1/");
        service.start("attribution-crash-it-1");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_asa', 'ASA')");
        Db.execute("INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_asa', 'app_asa', 'A', 'ios')");
        String at = Instant.now()
                .minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Kafka.produce(List.of(Kafka.record(
                "sdk-events",
                "prj_asa:u1",
                "{\"projectId\":\"prj_asa\",\"sdkAppId\":\"app_asa\",\"event\":"
                        + "{\"name\":\"app_install\",\"occurredAt\":\"" + at
                        + "\",\"appUserId\":\"u1\",\"eventId\":\"install-1\","
                        + "\"properties\":{\"adservices_token\":\"" + TOKEN
                        + "\"},\"context\":{\"attStatus\":\"authorized\"}}}")));

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        apple.findAll(postRequestedFor(urlEqualTo("/api/v1/"))).size() == 1);
        service.kill();
        assertThat(Db.count("SELECT count(*) FROM apple_ads_attributions"))
                .as("nothing recorded yet")
                .isZero();

        service.start("attribution-crash-it-2");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count("SELECT count(*) FROM apple_ads_attributions") == 1);
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(service.baseUrl() + "/v1/projects/prj_asa/apple-ads-attribution"))
                                .header(
                                        "Authorization",
                                        "Bearer " + TestKeys.outsideQuarkus("events:read", List.of("prj_asa")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode records = new ObjectMapper().readTree(page.body()).get("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("campaignId").asLong()).isEqualTo(542370539L);
        assertThat(apple.findAll(postRequestedFor(urlEqualTo("/api/v1/"))))
                .as("the interrupted exchange once more, nothing else")
                .hasSize(2);
        assertThat(Db.rows("SELECT status, attempts, token FROM attribution_exchanges")
                        .get(0))
                .containsEntry("status", "exchanged")
                .containsEntry("attempts", 1)
                .containsEntry("token", null);
        assertThat(page.body()).doesNotContain(TOKEN);
        for (String log : new String[] {"attribution-crash-it-1.log", "attribution-crash-it-2.log"}) {
            assertThat(Files.readString(stack.root().resolve("target").resolve(log)))
                    .doesNotContain(TOKEN);
        }
        service.kill();
    }
}
