package com.layers.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Kafka;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DirectProducerTest {

    private static String value(Api.ProjectFixture p, String eventJson) {
        return "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\",\"event\":" + eventJson
                + "}";
    }

    @Test
    void aRecordProducedStraightOntoTheTopicBecomesARow() {
        Api.ProjectFixture p = Api.newProject();
        Kafka.produce(List.of(Kafka.record(
                "sdk-events",
                p.projectId() + ":user_7",
                value(
                        p,
                        "{\"name\":\"app_open\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"user_7\","
                                + "\"eventId\":\"evt_direct_1\",\"context\":{\"device\":{\"id\":\"d-7\"}}}"))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 1);
        Map<String, Object> row = Db.rows(
                        "SELECT event_id, name, app_user_id, device_id, source FROM sdk_events "
                                + "WHERE project_id = ?",
                        p.projectId())
                .get(0);
        assertThat(row)
                .containsEntry("event_id", "evt_direct_1")
                .containsEntry("name", "app_open")
                .containsEntry("app_user_id", "user_7")
                .containsEntry("device_id", "d-7")
                .containsEntry("source", "kafka");
    }

    @Test
    void theRecordsJsonObjectsAreStoredAsSentNotRewritten() {
        Api.ProjectFixture p = Api.newProject();
        Kafka.produce(
                List.of(
                        Kafka.record(
                                "sdk-events",
                                p.projectId() + ":u1",
                                value(
                                        p,
                                        "{\"name\":\"Purchase\", \"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u1\",\"eventId\":\"e1\","
                                                + "\"properties\": " + Events.EXACT_PROPERTIES + ", \"context\": "
                                                + Events.EXACT_CONTEXT + "}")),
                        Kafka.record(
                                "sdk-events",
                                p.projectId() + ":u2",
                                value(
                                        p,
                                        "{\"name\":\"app_install\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u2\",\"eventId\":\"e2\","
                                                + "\"properties\":{\"adservices_token\":\"tok\",\"plan\":\"pro\"},\"context\":{\"attStatus\":\"denied\"}}"))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 2);
        // Numbers keep the digits the producer wrote, as over HTTP (IngestHttpTest).
        Events.assertStoredExactly(p.projectId(), "e1");
        // The AdServices token is never stored, whatever the ATT status: those properties are the record's minus it.
        assertThat(Db.rows(
                                "SELECT properties::text AS p FROM sdk_events WHERE project_id = ? AND event_id = 'e2'",
                                p.projectId())
                        .get(0))
                .containsEntry("p", "{\"plan\": \"pro\"}");
    }

    @Test
    void aRepeatedEventFieldReplacesTheWholeEventObjectsIncluded() {
        Api.ProjectFixture p = Api.newProject();
        String value = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId() + "\","
                + "\"event\":{\"name\":\"a\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"eventId\":\"first\","
                + "\"identity\":{\"email\":\"first@example.com\"},\"properties\":{\"from\":\"first\"}},"
                + "\"event\":{\"name\":\"b\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"eventId\":\"second\","
                + "\"properties\":{\"from\":\"second\"}}}";
        Kafka.produce(List.of(Kafka.record("sdk-events", p.projectId() + ":x", value)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 1);
        Map<String, Object> row = Db.rows(
                        "SELECT event_id, properties->>'from' AS origin, identity::text AS identity "
                                + "FROM sdk_events WHERE project_id = ?",
                        p.projectId())
                .get(0);
        assertThat(row)
                .containsEntry("event_id", "second")
                .containsEntry("origin", "second")
                .containsEntry("identity", null);
    }

    @Test
    void poisonRecordsGoToTheDlqWithReasonsAndTheirBatchMatesAreStored() {
        Api.ProjectFixture p = Api.newProject();
        String run = UUID.randomUUID().toString();
        String good1 =
                "{\"name\":\"a\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u1\",\"eventId\":\"g1\"}";
        String good2 = "{\"name\":\"b\",\"occurredAt\":\"2026-11-21T08:00:01Z\",\"appUserId\":\"u1\"}";
        String key = p.projectId() + ":u1";
        Kafka.produce(List.of(
                Kafka.record("sdk-events", key, value(p, good1)),
                Kafka.record("sdk-events", key, "{not json " + run),
                Kafka.record(
                        "sdk-events",
                        key,
                        value(
                                p,
                                "{\"name\":\"c\",\"occurredAt\":\"soon\",\"appUserId\":\"u1\",\"eventId\":\"" + run
                                        + "\"}")),
                Kafka.record(
                        "sdk-events",
                        key,
                        "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"app_missing\",\"event\":"
                                + "{\"name\":\"d\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"eventId\":\"" + run
                                + "\"}}"),
                Kafka.record("sdk-events", key, null),
                Kafka.record("sdk-events", key, value(p, good2))));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadFor(key, run).size() == 4);

        List<ConsumerRecord<String, byte[]>> dead = deadFor(key, run);
        Map<String, ConsumerRecord<String, byte[]>> byReason = new HashMap<>();
        dead.forEach(r -> byReason.put(Kafka.header(r, "dlq-reason"), r));
        assertThat(byReason).containsOnlyKeys("invalid_json", "invalid_event", "unknown_sdk_app", "empty_value");
        assertThat(Kafka.header(byReason.get("invalid_event"), "dlq-error"))
                .isEqualTo("event.occurredAt must be ISO-8601");
        assertThat(Kafka.header(byReason.get("unknown_sdk_app"), "dlq-error"))
                .isEqualTo("sdkAppId app_missing is not an SDK app of project " + p.projectId());
        assertThat(new String(byReason.get("invalid_json").value())).isEqualTo("{not json " + run);
        for (ConsumerRecord<String, byte[]> r : dead) {
            assertThat(Kafka.header(r, "dlq-topic")).isEqualTo("sdk-events");
            assertThat(Kafka.header(r, "dlq-partition")).isNotNull();
            assertThat(Kafka.header(r, "dlq-offset")).isNotNull();
            assertThat(Kafka.header(r, "dlq-failed-at")).isNotNull();
        }
    }

    @Test
    void aRecordTheDatabaseRefusesIsIsolatedAndDeadLetteredWhileItsBatchIsStored() {
        Api.ProjectFixture p = Api.newProject();
        String run = UUID.randomUUID().toString();
        String key = p.projectId() + ":u2";
        // Fault injection in the real database: the default partition (old backfill) refuses this one event name.
        Db.execute("ALTER TABLE sdk_events_default ADD CONSTRAINT test_poison CHECK (name <> 'storage_poison')");
        try {
            Kafka.produce(
                    List.of(
                            Kafka.record(
                                    "sdk-events",
                                    key,
                                    value(
                                            p,
                                            "{\"name\":\"ok_1\",\"occurredAt\":\"2019-05-01T00:00:00Z\",\"appUserId\":\"u2\",\"eventId\":\"s1\"}")),
                            Kafka.record(
                                    "sdk-events",
                                    key,
                                    value(
                                            p,
                                            "{\"name\":\"storage_poison\",\"occurredAt\":\"2019-05-01T00:00:00Z\",\"appUserId\":\"u2\",\"eventId\":\""
                                                    + run + "\"}")),
                            Kafka.record(
                                    "sdk-events",
                                    key,
                                    value(
                                            p,
                                            "{\"name\":\"ok_2\",\"occurredAt\":\"2019-05-01T00:00:01Z\",\"appUserId\":\"u2\",\"eventId\":\"s2\"}"))));
            await().atMost(Duration.ofSeconds(20)).until(() -> deadFor(key, run).size() == 1);
            assertThat(Kafka.header(deadFor(key, run).get(0), "dlq-reason")).isEqualTo("storage_rejected");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 2);
            // The refused event's key was rolled back with it: it can be sent again once fixed.
            assertThat(Db.count("SELECT count(*) FROM event_keys WHERE project_id = ?", p.projectId()))
                    .isEqualTo(2);
        } finally {
            Db.execute("ALTER TABLE sdk_events_default DROP CONSTRAINT test_poison");
        }
    }

    @Test
    void aRecordTooLargeForTheDlqIsKeptWholeInPostgresAndStorageGoesOn() {
        Api.ProjectFixture p = Api.newProject();
        String run = UUID.randomUUID().toString();
        String key = p.projectId() + ":big";
        // As large as a partner's producer can send (1 MB request limit) without headers: with the DLQ's headers the
        // copy would no longer fit in one request.
        String head = "{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                + "\",\"event\":{\"name\":\"huge\","
                + "\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"big\",\"eventId\":\"" + run
                + "\",\"properties\":{\"blob\":\"";
        String tail = "\"}}}";
        int fits = 1_048_576 - 200 - key.length();
        String huge = head + "x".repeat(fits - head.length() - tail.length()) + tail;
        Kafka.produce(List.of(
                Kafka.record("sdk-events", key, huge),
                Kafka.record(
                        "sdk-events",
                        key,
                        value(
                                p,
                                "{\"name\":\"after\",\"occurredAt\":\"2026-11-21T08:00:01Z\","
                                        + "\"appUserId\":\"big\",\"eventId\":\"after-" + run + "\"}"))));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 1);
        Map<String, Object> kept = Db.rows(
                        "SELECT length(value) AS bytes, reason, error FROM dead_letter_records "
                                + "WHERE position(convert_to(?, 'UTF8') in value) > 0",
                        run)
                .get(0);
        assertThat(kept)
                .containsEntry("bytes", huge.length())
                .containsEntry("reason", "invalid_event")
                .containsEntry("error", "event.properties is larger than 32768 bytes serialised");
        await().atMost(Duration.ofSeconds(20)).until(() -> deadFor(key, run).size() == 1);
        ConsumerRecord<String, byte[]> copy = deadFor(key, run).get(0);
        assertThat(Kafka.header(copy, "dlq-truncated")).isEqualTo("true");
        assertThat(Kafka.header(copy, "dlq-original-bytes")).isEqualTo(String.valueOf(huge.length()));
        assertThat(copy.value()).hasSize(64 * 1024);
    }

    @Test
    void recordsWithTextStorageWouldAlterAreDeadLetteredNotChanged() {
        Api.ProjectFixture p = Api.newProject();
        String key = p.projectId() + ":u9";
        String run = UUID.randomUUID().toString();
        byte[] overlong = ("{\"projectId\":\"" + p.projectId() + "\",\"sdkAppId\":\"" + p.sdkAppId()
                        + "\",\"event\":{\"name\":\"x\","
                        + "\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u9\",\"eventId\":\"" + run
                        + "-a\",\"properties\":{\"p\":\"#\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(overlong, StandardCharsets.UTF_8).indexOf('#');
        byte[] bad = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, bad, 0, at);
        bad[at] = (byte) 0xC0;
        bad[at + 1] = (byte) 0xAF;
        System.arraycopy(overlong, at + 1, bad, at + 2, overlong.length - at - 1);
        Kafka.produce(List.of(
                new ProducerRecord<>("sdk-events", key, bad),
                Kafka.record(
                        "sdk-events",
                        key,
                        value(
                                p,
                                "{\"name\":\"x\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u9\","
                                        + "\"eventId\":\"" + run + "-b\",\"properties\":{\"revenue\":1e999}}")),
                Kafka.record(
                        "sdk-events",
                        key,
                        value(
                                p,
                                "{\"name\":\"x\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u9\","
                                        + "\"eventId\":\"" + run + "-c\",\"properties\":{\"s\":\"\\ud800\"}}")),
                Kafka.record(
                        "sdk-events",
                        key,
                        value(
                                p,
                                "{\"name\":\"ok\",\"occurredAt\":\"2026-11-21T08:00:00Z\",\"appUserId\":\"u9\","
                                        + "\"eventId\":\"" + run + "-d\"}"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadFor(key, run).size() == 3);
        assertThat(deadFor(key, run))
                .extracting(r -> Kafka.header(r, "dlq-error"))
                .containsExactlyInAnyOrder(
                        "event.properties.p is not valid UTF-8",
                        "event.properties.revenue must be a finite number",
                        "event.properties.s contains an unpaired surrogate (not valid Unicode)");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId()) == 1);
    }

    /** This test's dead letters: same key, and the run id somewhere in the value (or no value at all). */
    private static List<ConsumerRecord<String, byte[]>> deadFor(String key, String run) {
        return Kafka.readAll("sdk-events-dlq").stream()
                .filter(r -> key.equals(r.key()))
                .filter(r -> r.value() == null || new String(r.value()).contains(run))
                .toList();
    }
}
