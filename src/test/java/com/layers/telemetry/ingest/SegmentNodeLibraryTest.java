package com.layers.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Scripts;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Segment tracking API as the official Segment Node library (@segment/analytics-node 3.1.0, pinned by the
 * example's lockfile, unmodified) sends it: deploy/examples/segment-node/send.mjs, pointed at the service by its host.
 */
@QuarkusTest
class SegmentNodeLibraryTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("project.root", "."))
            .resolve("deploy/examples/segment-node")
            .toAbsolutePath();

    @Test
    void theNodeLibrarysCallsLandOnceThroughA503AndItsRetry() throws Exception {
        Assumptions.assumeTrue(Scripts.available("node") && Scripts.available("npm"), "Node and npm are needed");
        if (!Files.exists(EXAMPLE.resolve("node_modules/@segment/analytics-node"))) {
            Scripts.run(EXAMPLE, Map.of(), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        Api.ProjectFixture p = Api.newProject();
        String key = Api.as(TestKeys.admin())
                .post("/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/write-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("writeKey");
        // The service cannot reach Kafka for the first batch: 503, which the library retries.
        AtomicBoolean refused = KafkaOutage.onNextPublish();

        String run = "n" + UUID.randomUUID().toString().substring(0, 8);
        String out = Scripts.run(
                EXAMPLE,
                Map.of(
                        "BASE",
                        "http://localhost:" + RestAssured.port,
                        "WRITE_KEY",
                        key,
                        "RUN",
                        run,
                        "MAX_RETRIES",
                        "3"),
                "node",
                "send.mjs");
        JsonNode result =
                new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result.path("failed")).isEmpty();
        assertThat(result.path("delivered")).hasSize(6);
        assertThat(result.path("statuses").get(0).asInt()).isEqualTo(503);
        assertThat(result.path("statuses")
                        .get(result.path("statuses").size() - 1)
                        .asInt())
                .isEqualTo(200);
        assertThat(refused).isTrue();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 6);
        List<Map<String, Object>> rows = Db.rows(
                "SELECT event_id, name, app_user_id, properties::text AS properties, context::text AS context "
                        + "FROM sdk_events WHERE project_id = ? ORDER BY event_id",
                p.projectId());
        assertThat(rows)
                .extracting(r -> r.get("event_id") + " " + r.get("name") + " " + r.get("app_user_id"))
                .containsExactly(
                        run + "-alias Alias user-" + run,
                        run + "-group Group user-" + run,
                        run + "-identify Identify user-" + run,
                        run + "-page Page Viewed anon-" + run,
                        run + "-screen Screen Viewed user-" + run,
                        run + "-track Purchase user-" + run);
        ObjectMapper json = new ObjectMapper();
        JsonNode track = json.readTree(rows.get(5).get("properties").toString());
        assertThat(track.path("revenue").decimalValue()).isEqualByComparingTo("4.99");
        assertThat(track.path("currency").asText()).isEqualTo("EUR");
        JsonNode context = json.readTree(rows.get(5).get("context").toString());
        assertThat(context.path("device").path("os").asText()).isEqualTo("Android");
        assertThat(context.path("device").path("model").asText()).isEqualTo("Pixel 8");
        assertThat(context.path("library").path("name").asText()).isEqualTo("@segment/analytics-node");
        JsonNode page = json.readTree(rows.get(3).get("properties").toString());
        assertThat(page.path("name").asText()).isEqualTo("Pricing");
        assertThat(page.path("category").asText()).isEqualTo("Docs");
        assertThat(Db.count(
                        "SELECT count(*) FROM sdk_events WHERE project_id = ? AND name = 'Identify' "
                                + "AND identity->>'email' = 'bob@example.com' AND properties = '{\"$set\": {\"plan\": \"trial\"}}'::jsonb",
                        p.projectId()))
                .isEqualTo(1);
    }
}
