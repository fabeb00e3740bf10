package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.messaging.KafkaConfig;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What HTTP ingest publishes is the documented record format, and storage reads back the event it was given. */
@Tag("unit")
class EventRecordCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventReader READER = new EventReader(JSON);
    private static final EventValidator VALIDATOR = new EventValidator(JSON);
    private static final EventRecordCodec CODEC = new EventRecordCodec(JSON, VALIDATOR, READER, new Config());
    private static final Instant RECEIVED = Instant.parse("2026-12-06T10:00:00.123456Z");

    @Test
    void theRecordIsTheEnvelopeWithTheObjectsAsTheySentThem() throws Exception {
        Event sent = event("""
                {"eventId": "ev-\\"1\\"\\\\é", "name": "Purchase ✓", "occurredAt": "2026-12-06T11:00:00.5+01:00",
                 "appUserId": "user\\u2028tab\\t", "properties": {"price": 1.10, "tags": ["a", "b"], "n": 1e2},
                 "context": { "locale" : "de-DE" }, "identity": {"email": "a@example.com"}}""");

        ProducerRecord<String, byte[]> record = CODEC.encode("prj_1", "app_1", RECEIVED, sent);
        JsonNode value = JSON.readTree(record.value());

        assertThat(record.key()).isEqualTo("prj_1:user\u2028tab\t");
        assertThat(value.get("projectId").asText()).isEqualTo("prj_1");
        assertThat(value.get("sdkAppId").asText()).isEqualTo("app_1");
        assertThat(value.get("receivedAt").asText()).isEqualTo("2026-12-06T10:00:00.123456Z");
        JsonNode event = value.get("event");
        assertThat(event.get("eventId").asText()).isEqualTo("ev-\"1\"\\é");
        assertThat(event.get("name").asText()).isEqualTo("Purchase ✓");
        assertThat(event.get("occurredAt").asText()).isEqualTo("2026-12-06T10:00:00.500Z");
        assertThat(event.get("appUserId").asText()).isEqualTo("user\u2028tab\t");
        String text = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"properties\":{\"price\": 1.10, \"tags\": [\"a\", \"b\"], \"n\": 1e2}")
                .contains("\"context\":{ \"locale\" : \"de-DE\" }")
                .contains("\"identity\":{\"email\": \"a@example.com\"}");
        assertThat(new String(record.headers().lastHeader("telemetry-source").value(), StandardCharsets.UTF_8))
                .isEqualTo("http");

        ReceivedEvent read = decoded(record);
        assertThat(read.projectId()).isEqualTo("prj_1");
        assertThat(read.sdkAppId()).isEqualTo("app_1");
        assertThat(read.receivedAt()).isEqualTo(RECEIVED);
        assertThat(read.source()).isEqualTo("http");
        assertThat(read.event().eventId()).isEqualTo(sent.eventId());
        assertThat(read.event().name()).isEqualTo(sent.name());
        assertThat(read.event().occurredAt()).isEqualTo(sent.occurredAt());
        assertThat(read.event().appUserId()).isEqualTo(sent.appUserId());
        assertThat(read.event().properties()).isEqualTo(sent.properties());
        assertThat(text(read.event().json().properties()))
                .isEqualTo(text(sent.json().properties()));
        assertThat(text(read.event().json().context())).isEqualTo("{ \"locale\" : \"de-DE\" }");
    }

    @Test
    void anAnonymousEventWithoutObjectsIsKeyedByItsIdAndCarriesNoObjects() throws Exception {
        Event sent = event("{\"eventId\": \"e-2\", \"name\": \"open\", \"occurredAt\": \"2026-12-06T09:00:00Z\"}");

        ProducerRecord<String, byte[]> record = CODEC.encode("prj_1", "app_1", RECEIVED, sent);

        assertThat(record.key()).isEqualTo("prj_1:e-2");
        assertThat(JSON.readTree(record.value()).get("event"))
                .isEqualTo(JSON.readTree(
                        "{\"eventId\":\"e-2\",\"name\":\"open\",\"occurredAt\":\"2026-12-06T09:00:00Z\"}"));
        ReceivedEvent read = decoded(record);
        assertThat(read.event().appUserId()).isNull();
        assertThat(read.event().json().properties()).isNull();
    }

    @Test
    void theAdServicesTokenTravelsInThePropertiesToStorage() throws Exception {
        Event sent = event("""
                {"eventId": "e-3", "name": "install", "occurredAt": "2026-12-06T09:00:00Z", "appUserId": "u",
                 "properties": {"adservices_token": "tok", "plan": "pro"}, "context": {"attStatus": "authorized"}}""");
        assertThat(sent.adServicesToken()).isEqualTo("tok");

        ProducerRecord<String, byte[]> record = CODEC.encode("prj_1", "app_1", RECEIVED, sent);

        assertThat(JSON.readTree(record.value()).at("/event/properties"))
                .isEqualTo(JSON.readTree("{\"plan\":\"pro\",\"adservices_token\":\"tok\"}"));
        ReceivedEvent read = decoded(record);
        assertThat(read.event().adServicesToken()).isEqualTo("tok");
        assertThat(text(read.event().json().properties())).isEqualTo("{\"plan\":\"pro\"}");
    }

    private static Event event(String json) throws Exception {
        byte[] doc = ("{\"event\":" + json + "}").getBytes(StandardCharsets.UTF_8);
        EventReader.Read read = READER.record(doc);
        return EventValidatorTest.valid(VALIDATOR.validate(
                read.root().get("event"), "event", read.events().get(0)));
    }

    private static ReceivedEvent decoded(ProducerRecord<String, byte[]> sent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(sent.topic(), 0, 0, sent.key(), sent.value());
        sent.headers().forEach(h -> record.headers().add(h));
        EventRecordCodec.Decoded decoded = CODEC.decode(record);
        assertThat(decoded).isInstanceOf(EventRecordCodec.Decoded.Read.class);
        return ((EventRecordCodec.Decoded.Read) decoded).event();
    }

    private static String text(Buffer b) {
        return b == null ? null : b.toString(StandardCharsets.UTF_8);
    }

    private static final class Config implements KafkaConfig {
        @Override
        public String eventsTopic() {
            return "sdk-events";
        }

        @Override
        public String deadLetterTopic() {
            return "sdk-events-dlq";
        }

        @Override
        public Duration publishTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int lingerMs() {
            return 2;
        }

        @Override
        public String compression() {
            return "none";
        }

        @Override
        public int deadLetterMaxBytes() {
            return 900_000;
        }
    }
}
