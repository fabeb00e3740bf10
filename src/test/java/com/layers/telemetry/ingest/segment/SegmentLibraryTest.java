package com.layers.telemetry.ingest.segment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.ingest.KafkaOutage;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.OpenApiValidation;
import com.layers.telemetry.support.Scripts;
import com.layers.telemetry.support.TestKeys;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The Segment tracking API as the official Segment Java library (com.segment.analytics.java:analytics 3.5.4,
 * unmodified) sends it: pointed at the service by its endpoint, with an SDK app's write key.
 */
@QuarkusTest
class SegmentLibraryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the library reported for each message: its callback is the only way it tells. */
    private static final class Outcomes implements Callback {
        final List<String> succeeded = Collections.synchronizedList(new ArrayList<>());
        final List<String> failed = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done;

        Outcomes(int messages) {
            done = new CountDownLatch(messages);
        }

        @Override
        public void success(Message message) {
            succeeded.add(message.messageId());
            done.countDown();
        }

        @Override
        public void failure(Message message, Throwable cause) {
            failed.add(message.messageId() + ": " + cause);
            done.countDown();
        }
    }

    private static Analytics library(String writeKey, Outcomes outcomes, OkHttpClient client) {
        Analytics.Builder builder = Analytics.builder(writeKey)
                .endpoint("http://localhost:" + RestAssured.port)
                .callback(outcomes);
        if (client != null) {
            builder.client(client);
        }
        return builder.build();
    }

    private static void send(Analytics analytics, Outcomes outcomes, MessageBuilder<?, ?>... messages)
            throws InterruptedException {
        for (MessageBuilder<?, ?> m : messages) {
            analytics.enqueue(m);
        }
        analytics.flush();
        assertThat(outcomes.done.await(30, TimeUnit.SECONDS))
                .as("the library reported every message")
                .isTrue();
        analytics.shutdown();
    }

    static String writeKey(Api.ProjectFixture p) {
        return Api.as(TestKeys.admin())
                .post("/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/write-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("writeKey");
    }

    private static Map<String, Object> stored(String projectId, String eventId) {
        List<Map<String, Object>> rows = Db.rows(
                "SELECT name, app_user_id, device_id, sdk_app_id, occurred_at, properties::text AS properties, "
                        + "context::text AS context, identity::text AS identity FROM sdk_events "
                        + "WHERE project_id = ? AND event_id = ?",
                projectId,
                eventId);
        assertThat(rows).as("event " + eventId + " stored once").hasSize(1);
        return rows.get(0);
    }

    private static JsonNode json(Object text) throws Exception {
        return text == null ? null : JSON.readTree(text.toString());
    }

    @Test
    void everyCallOfTheJavaLibraryLandsAsTheMappingSays() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String key = writeKey(p);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Date at = Date.from(Instant.parse("2026-12-01T10:00:00.123Z"));
        Outcomes outcomes = new Outcomes(6);
        Analytics analytics = library(key, outcomes, null);
        send(
                analytics,
                outcomes,
                TrackMessage.builder("Purchase")
                        .messageId("track-" + run)
                        .userId("user-" + run)
                        .anonymousId("anon-" + run)
                        .timestamp(at)
                        .properties(Map.of("revenue", 19.99, "currency", "USD", "product_id", "premium_yearly"))
                        .context(Map.of(
                                "ip",
                                "203.0.113.7",
                                "locale",
                                "en-US",
                                "timezone",
                                "Europe/Berlin",
                                "userAgent",
                                "Demo/1.0",
                                "app",
                                Map.of("version", "4.2.0"),
                                "os",
                                Map.of("name", "iOS", "version", "17.4"),
                                "device",
                                Map.of("model", "iPhone15,2", "advertisingId", "AEBE52E7-03EE-455A-B3C4-E57283966239"),
                                "consent",
                                Map.of("categoryPreferences", Map.of("Advertising", false, "Analytics", true)))),
                IdentifyMessage.builder()
                        .messageId("identify-" + run)
                        .userId("user-" + run)
                        .timestamp(at)
                        .traits(Map.of("plan", "pro", "email", "alice@example.com", "phone", "+4915112345678")),
                ScreenMessage.builder("Settings")
                        .messageId("screen-" + run)
                        .userId("user-" + run)
                        .timestamp(at)
                        .properties(Map.of("tab", "privacy")),
                PageMessage.builder("Pricing")
                        .messageId("page-" + run)
                        .anonymousId("anon-" + run)
                        .category("Docs")
                        .timestamp(at)
                        .properties(Map.of("url", "https://example.com/pricing")),
                GroupMessage.builder("acme")
                        .messageId("group-" + run)
                        .userId("user-" + run)
                        .timestamp(at)
                        .traits(Map.of("name", "Acme Inc")),
                AliasMessage.builder("anon-" + run)
                        .messageId("alias-" + run)
                        .userId("user-" + run)
                        .timestamp(at));
        assertThat(outcomes.failed).isEmpty();
        assertThat(outcomes.succeeded).hasSize(6);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 6);

        Map<String, Object> track = stored(p.projectId(), "track-" + run);
        assertThat(track.get("name")).isEqualTo("Purchase");
        assertThat(track.get("app_user_id")).isEqualTo("user-" + run);
        assertThat(track.get("sdk_app_id")).isEqualTo(p.sdkAppId());
        assertThat(((OffsetDateTime) track.get("occurred_at")).toInstant())
                .isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
        assertThat(json(track.get("properties")))
                .isEqualTo(json("{\"revenue\":19.99,\"currency\":\"USD\",\"product_id\":\"premium_yearly\"}"));
        JsonNode context = json(track.get("context"));
        assertThat(context.path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(context.path("locale").asText()).isEqualTo("en-US");
        assertThat(context.path("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(context.path("userAgent").asText()).isEqualTo("Demo/1.0");
        assertThat(context.path("app").path("version").asText()).isEqualTo("4.2.0");
        assertThat(context.path("device").path("os").asText()).isEqualTo("iOS");
        assertThat(context.path("device").path("osVersion").asText()).isEqualTo("17.4");
        assertThat(context.path("device").path("model").asText()).isEqualTo("iPhone15,2");
        assertThat(context.path("device").path("advertisingId").asText())
                .isEqualTo("AEBE52E7-03EE-455A-B3C4-E57283966239");
        assertThat(context.has("os")).as("os moved into the device").isFalse();
        assertThat(context.path("device").path("id").asText())
                .as("the anonymous id is kept as the device id")
                .isEqualTo("anon-" + run);
        assertThat(track.get("device_id")).isEqualTo("anon-" + run);
        assertThat(context.path("consent"))
                .isEqualTo(json("{\"analytics\":true,\"marketing\":false,\"personalization\":false}"));
        assertThat(context.path("library").path("name").asText())
                .as("the batch's context is merged into each message")
                .isEqualTo("analytics-java");

        Map<String, Object> identify = stored(p.projectId(), "identify-" + run);
        assertThat(identify.get("name")).isEqualTo("Identify");
        assertThat(json(identify.get("properties"))).isEqualTo(json("{\"$set\":{\"plan\":\"pro\"}}"));
        assertThat(json(identify.get("identity")))
                .isEqualTo(json("{\"email\":\"alice@example.com\",\"phone\":\"+4915112345678\"}"));

        Map<String, Object> screen = stored(p.projectId(), "screen-" + run);
        assertThat(screen.get("name")).isEqualTo("Screen Viewed");
        assertThat(json(screen.get("properties"))).isEqualTo(json("{\"tab\":\"privacy\",\"name\":\"Settings\"}"));

        Map<String, Object> page = stored(p.projectId(), "page-" + run);
        assertThat(page.get("name")).isEqualTo("Page Viewed");
        assertThat(page.get("app_user_id"))
                .as("anonymousId when there is no userId")
                .isEqualTo("anon-" + run);
        assertThat(json(page.get("properties")))
                .isEqualTo(
                        json("{\"url\":\"https://example.com/pricing\",\"name\":\"Pricing\",\"category\":\"Docs\"}"));

        Map<String, Object> group = stored(p.projectId(), "group-" + run);
        assertThat(group.get("name")).isEqualTo("Group");
        assertThat(json(group.get("properties")))
                .isEqualTo(json("{\"groupId\":\"acme\",\"traits\":{\"name\":\"Acme Inc\"}}"));

        Map<String, Object> alias = stored(p.projectId(), "alias-" + run);
        assertThat(alias.get("name")).isEqualTo("Alias");
        assertThat(json(alias.get("properties"))).isEqualTo(json("{\"previousId\":\"anon-" + run + "\"}"));

        // The profile: identify's traits are its properties; the signal reads them back.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Api.as(p.key("events:read"))
                        .get("/v1/projects/" + p.projectId() + "/users/user-" + run + "/signal")
                        .then()
                        .statusCode(200)
                        .body("properties.plan", equalTo("pro"))
                        .body("consent.analytics", equalTo(true))
                        .body("consent.marketing", equalTo(false)));
        // A purchase with revenue reaches the conversions rollup as a partner's event does.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(Db.count(
                                "SELECT count(*) FROM conversion_daily WHERE project_id = ? AND name = 'Purchase'",
                                p.projectId()))
                        .isEqualTo(1));
    }

    @Test
    void theRunnableJavaExampleSendsEveryCall() {
        Api.ProjectFixture p = Api.newProject();
        String run = "j" + UUID.randomUUID().toString().substring(0, 8);
        String out = Scripts.run(
                Path.of(System.getProperty("project.root", ".")).toAbsolutePath(),
                Map.of("BASE", "http://localhost:" + RestAssured.port, "WRITE_KEY", writeKey(p), "RUN", run),
                "bash",
                "deploy/examples/segment-java/run.sh");
        assertThat(out).contains("delivered 6", "failed 0");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 6);
        assertThat(Db.rows("SELECT name FROM sdk_events WHERE project_id = ? ORDER BY event_id", p.projectId()).stream()
                        .map(r -> r.get("name"))
                        .toList())
                .containsExactly("Alias", "Group", "Identify", "Page Viewed", "Screen Viewed", "Purchase");
    }

    @Test
    void aGzipBodyIsReadAndARetriedBatchIsStoredOnce() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String key = writeKey(p);
        String id = "gz-" + UUID.randomUUID();
        // The library's own way to compress: an OkHttp interceptor on the client it is given.
        OkHttpClient gzip =
                new OkHttpClient.Builder().addInterceptor(new Gzip()).build();
        for (int attempt = 0; attempt < 2; attempt++) {
            Outcomes outcomes = new Outcomes(1);
            send(
                    library(key, outcomes, gzip),
                    outcomes,
                    TrackMessage.builder("Opened").messageId(id).userId("u-gz"));
            assertThat(outcomes.failed).isEmpty();
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stored(p.projectId(), id)).containsEntry("name", "Opened"));
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()))
                .isEqualTo(1);
    }

    @Test
    void aServiceUnavailableIsRetriedByTheLibraryAndTheEventStoredOnce() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String key = writeKey(p);
        String id = "retry-" + UUID.randomUUID();
        AtomicBoolean refused = KafkaOutage.onNextPublish();
        Outcomes outcomes = new Outcomes(1);
        // One retry, after the library's own backoff (a fixed 15 s base in 3.5.4).
        Analytics analytics = Analytics.builder(key)
                .endpoint("http://localhost:" + RestAssured.port)
                .callback(outcomes)
                .retries(1)
                .build();
        analytics.enqueue(TrackMessage.builder("Opened").messageId(id).userId("u-retry"));
        analytics.flush();
        assertThat(outcomes.done.await(60, TimeUnit.SECONDS)).isTrue();
        analytics.shutdown();
        assertThat(refused).as("the first attempt met a 503").isTrue();
        assertThat(outcomes.failed).isEmpty();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stored(p.projectId(), id)).containsEntry("name", "Opened"));
    }

    @Test
    void aBadWriteKeyIsRefusedAndTheLibraryReportsIt() throws Exception {
        Outcomes outcomes = new Outcomes(1);
        send(
                library("wk_not-a-key", outcomes, null),
                outcomes,
                TrackMessage.builder("Opened").userId("u1"));
        assertThat(outcomes.failed).singleElement().asString().contains("write key is unknown or revoked");
    }

    @Test
    void segmentsLimitsAreRefusedAsTheSpecSays() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String key = writeKey(p);
        String big = "x".repeat(33 * 1024);
        // One message over 32 KB: the library refuses to enqueue it, so it is sent as a raw request.
        given().filter(OpenApiValidation.filter())
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "batch",
                        List.of(
                                Map.of("type", "track", "event", "Big", "userId", "u1", "properties", Map.of("x", big)),
                                Map.of("type", "track", "event", "Small", "userId", "u1", "messageId", "small-1"))))
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", startsWith("batch[0] is larger than the 32 KB message limit (1 of 2 messages"));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(stored(p.projectId(), "small-1")).containsEntry("name", "Small"));
        // Over 500 KB in all, even when every message is small.
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(Map.of(
                    "type", "track", "event", "E", "userId", "u1", "properties", Map.of("x", "y".repeat(30_000))));
        }
        given().filter(OpenApiValidation.filter())
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType(ContentType.JSON)
                .body(Map.of("batch", many))
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body(
                        "error.message",
                        equalTo("Request body is larger than the 500 KB batch limit of the Segment tracking API"));
        // No key at all, and the write key in the body as the spec allows.
        given().filter(OpenApiValidation.filter())
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "u1", "event", "E"))
                .post("/v1/track")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("UNAUTHENTICATED"));
        given().filter(OpenApiValidation.filter())
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "u1", "event", "Body key", "messageId", "body-key-1", "writeKey", key))
                .post("/v1/track")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        given().filter(OpenApiValidation.filter())
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType(ContentType.JSON)
                .body(Map.of("batch", List.of(Map.of("type", "track", "userId", "u1"))))
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("batch[0].event is required for a track call"));
    }

    /** Compresses the request body, as the library's own sample shows. */
    private static final class Gzip implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Request original = chain.request();
            Buffer plain = new Buffer();
            original.body().writeTo(plain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain.readByteArray());
            }
            return chain.proceed(original.newBuilder()
                    .header("Content-Encoding", "gzip")
                    .method(
                            original.method(),
                            RequestBody.create(out.toByteArray(), MediaType.get("application/json; charset=utf-8")))
                    .build());
        }
    }
}
