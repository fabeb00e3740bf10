package com.layers.telemetry.relay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.ProcessStack;
import com.layers.telemetry.support.ServiceProcess;
import com.layers.telemetry.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed (SIGKILL) while Meta holds its request, before it could record the answer: after a
 * restart it sends that same batch once more, with the same event ids, and records every event sent exactly once.
 */
class RelayCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 50;
    private static final String PIXEL = "987654321";
    private static final String PATH = "/v26.0/" + PIXEL + "/events";
    private static ProcessStack stack;
    private static WireMockServer meta;

    @BeforeAll
    static void stack() {
        stack = ProcessStack.start();
        meta = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        meta.start();
        // The first request is held long enough to kill the service before it answers; the resend gets a prompt 200.
        meta.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("crash")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(20_000).withBody("{\"events_received\":50}"))
                .willSetStateTo("again"));
        meta.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("crash")
                .whenScenarioStateIs("again")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"events_received\":50,\"fbtrace_id\":\"after-restart\"}")));
    }

    @AfterAll
    static void teardown() {
        meta.stop();
        stack.stop();
    }

    @Test
    void killedBetweenSendingAndRecordingResendsOnlyThatBatchOnce() throws Exception {
        // A 2 s poll lets the batch be queued whole before the first claim, so all 50 travel in the request the kill
        // interrupts.
        ServiceProcess service = stack.service()
                .withEnv("RELAY_SENDER", "http")
                .withEnv("RELAY_META_URL", meta.baseUrl())
                .withEnv("RELAY_POLL_INTERVAL", "2s");
        service.start("relay-crash-it-1");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_relay', 'Relay')");
        Db.execute(
                "INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_relay', 'app_relay', 'A', 'ios')");
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl()
                                        + "/v1/admin/projects/prj_relay/sdk-apps/app_relay/destinations/meta"))
                                .header("Authorization", "Bearer " + TestKeys.outsideQuarkus("admin", List.of("*")))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"pixelId\":\"" + PIXEL + "\",\"accessToken\":\"EAABcrashtoken\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        String at = Instant.now()
                .minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            // One key: one partition, so one consumer stores all 50 in one batch (one outbox row, one request).
            records.add(Kafka.record(
                    "sdk-events",
                    "prj_relay:crash",
                    "{\"projectId\":\"prj_relay\",\"sdkAppId\":\"app_relay\","
                            + "\"event\":{\"name\":\"Purchase\",\"occurredAt\":\"" + at + "\",\"appUserId\":\"u" + i
                            + "\",\"eventId\":\"crash-" + i
                            + "\",\"properties\":{\"revenue\":1.5,\"currency\":\"EUR\"}}}"));
        }
        Kafka.produce(records);

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        meta.findAll(postRequestedFor(urlPathEqualTo(PATH))).size() == 1);
        service.kill();
        assertThat(Db.count("SELECT count(*) FROM relay_deliveries WHERE project_id = 'prj_relay'"))
                .as("nothing recorded yet")
                .isZero();

        service.start("relay-crash-it-2");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count(
                                "SELECT count(*) FROM relay_deliveries WHERE project_id = 'prj_relay' AND status = 'sent'")
                        == EVENTS);
        List<LoggedRequest> requests = meta.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).as("the interrupted batch once more, nothing else").hasSize(2);
        assertThat(ids(requests.get(0))).hasSize(EVENTS).isEqualTo(ids(requests.get(1)));
        assertThat(Db.count("SELECT count(*) FROM relay_attempts WHERE project_id = 'prj_relay'"))
                .as("the lost attempt left no record")
                .isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM relay_outbox WHERE project_id = 'prj_relay'"))
                .isZero();
        service.kill();
    }

    private static TreeSet<String> ids(LoggedRequest r) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        JSON.readTree(r.getBodyAsString())
                .get("data")
                .forEach(e -> out.add(e.get("event_id").asText()));
        return out;
    }
}
