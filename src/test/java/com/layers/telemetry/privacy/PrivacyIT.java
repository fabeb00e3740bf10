package com.layers.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances: a suppression made through one is in force on the other within 5 s, over HTTP and for
 * direct Kafka records, and so is a write key's revocation; an erasure of 100,000 events survives a kill -9 of the instance working it and completes.
 */
class PrivacyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProcessStack stack;

    @BeforeAll
    static void stack() {
        stack = ProcessStack.start();
    }

    @AfterAll
    static void teardown() {
        stack.stop();
    }

    @Test
    void aSuppressionIsInForceOnEveryInstanceAndAnErasureSurvivesKillMinus9() throws Exception {
        // Short settle and lease, so the erasure starts at once and a dead worker's lease runs out soon.
        ServiceProcess a = stack.service().withEnv("PRIVACY_SETTLE", "2s").withEnv("PRIVACY_LEASE", "5s");
        ServiceProcess b = stack.service().withEnv("PRIVACY_SETTLE", "2s").withEnv("PRIVACY_LEASE", "5s");
        a.start("privacy-it-a1");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_pv', 'Privacy')");
        Db.execute("INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_pv', 'app_pv', 'A', 'ios')");
        b.start("privacy-it-b1");
        String key = TestKeys.outsideQuarkus("events:write privacy:write", List.of("prj_pv"));

        // Suppressed through A: within 5 s, B refuses the user's events over HTTP and storage drops their records.
        Instant asked = Instant.now();
        assertThat(post(
                                a,
                                "/v1/projects/prj_pv/privacy/requests",
                                key,
                                "{\"type\":\"suppress\",\"appUserIds\":[\"sam\"]}")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> JSON.readTree(post(
                                                b,
                                                "/v1/events",
                                                key,
                                                "{\"projectId\":\"prj_pv\",\"sdkAppId\":\"app_pv\",\"events\":["
                                                        + event("sam", null) + "]}")
                                        .body())
                                .path("suppressed")
                                .asInt()
                        == 1);
        assertThat(Duration.between(asked, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(5));
        Kafka.produce(List.of(
                Kafka.record("sdk-events", "prj_pv:sam", envelope(event("sam", "sam-direct"))),
                Kafka.record("sdk-events", "prj_pv:sam", envelope(event("marker", "marker-1")))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE event_id = 'marker-1'") == 1);
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE app_user_id = 'sam'"))
                .isZero();

        // The same holds for a write key (an operator's change, like a suppression): created through A, it works
        // on B; revoked through A, B refuses it within 5 s.
        String admin = TestKeys.outsideQuarkus("admin", List.of("*"));
        JsonNode writeKey = JSON.readTree(post(a, "/v1/admin/projects/prj_pv/sdk-apps/app_pv/write-keys", admin, "")
                .body());
        String sdkBatch = "{\"events\":[" + event("wendy", null) + "]}";
        assertThat(sdk(b, writeKey.path("writeKey").asText(), sdkBatch).statusCode())
                .isEqualTo(202);
        Instant revoked = Instant.now();
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(a.baseUrl()
                                                + "/v1/admin/projects/prj_pv/sdk-apps/app_pv/write-keys/"
                                                + writeKey.path("writeKeyId").asText()))
                                        .header("Authorization", "Bearer " + admin)
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        sdk(b, writeKey.path("writeKey").asText(), sdkBatch).statusCode() == 401);
        assertThat(Duration.between(revoked, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(5));

        // 100,000 events of one user, and one event of another.
        Db.execute(
                "INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at) "
                        + "SELECT 'prj_pv', 'app_pv', 'big-' || g, now() - interval '1 hour' FROM generate_series(1, 100000) g");
        Db.execute(
                "INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at, "
                        + "properties, source) SELECT 'prj_pv', 'app_pv', 'big-' || g, 'tick', 'whale', "
                        + "now() - interval '1 hour', now() - interval '1 hour', '{\"n\": 1}', 'kafka' FROM generate_series(1, 100000) g");
        Db.execute(
                "INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at, "
                        + "source) VALUES ('prj_pv', 'app_pv', 'minnow-1', 'tick', 'minnow', now(), now(), 'kafka')");
        b.stop();
        HttpResponse<String> created = post(
                a, "/v1/projects/prj_pv/privacy/requests", key, "{\"type\":\"delete\",\"appUserIds\":[\"whale\"]}");
        assertThat(created.statusCode()).isEqualTo(202);
        String requestId = JSON.readTree(created.body()).get("requestId").asText();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE app_user_id = 'whale'") < 100_000);
        a.kill();
        long left = Db.count("SELECT count(*) FROM sdk_events WHERE app_user_id = 'whale'");
        assertThat(left).as("killed part-way").isPositive();

        Instant restarted = Instant.now();
        a.start("privacy-it-a2");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "completed"
                        .equals(JSON.readTree(get(a, "/v1/projects/prj_pv/privacy/requests/" + requestId, key)
                                        .body())
                                .path("status")
                                .asText()));
        JsonNode done = JSON.readTree(
                get(a, "/v1/projects/prj_pv/privacy/requests/" + requestId, key).body());
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE app_user_id = 'whale'"))
                .isZero();
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE app_user_id = 'minnow'"))
                .isEqualTo(1);
        assertThat(done.path("erased").path("events").asLong())
                .as("every event counted once, the chunk repeated after the kill included at most twice")
                .isBetween(100_000L, 100_000L + 2_000L);
        assertThat(Duration.between(restarted, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(Db.rows("SELECT app_user_ids FROM privacy_requests WHERE request_id = ?", requestId)
                        .get(0)
                        .get("app_user_ids"))
                .isNull();
        a.stop();
    }

    private static String event(String user, String id) {
        return "{\"name\":\"open\",\"occurredAt\":\""
                + Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\",\"appUserId\":\""
                + user + "\"" + (id == null ? "" : ",\"eventId\":\"" + id + "\"") + "}";
    }

    private static String envelope(String event) {
        return "{\"projectId\":\"prj_pv\",\"sdkAppId\":\"app_pv\",\"event\":" + event + "}";
    }

    private static HttpResponse<String> post(ServiceProcess s, String path, String key, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> sdk(ServiceProcess s, String writeKey, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/sdk/events"))
                        .header("X-App-Id", writeKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ServiceProcess s, String path, String key) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
