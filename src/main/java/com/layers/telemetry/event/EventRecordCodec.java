package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.messaging.KafkaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The record format on {@code sdk-events}, both ways, shared by HTTP ingest and partners' direct producers: key
 * {@code projectId:appUserId} (per-user order), value {@code {"projectId", "sdkAppId", "event": {…}}}. HTTP ingest
 * adds {@code receivedAt} and the header {@code telemetry-source: http}. Decoding applies the same validation as HTTP
 * ingest and says why a record cannot be stored.
 */
@ApplicationScoped
public class EventRecordCodec {
    public static final String SOURCE_HEADER = "telemetry-source";
    private final ObjectMapper mapper;
    private final EventValidator validator;
    private final KafkaConfig config;

    public EventRecordCodec(ObjectMapper mapper, EventValidator validator, KafkaConfig config) {
        this.mapper = mapper;
        this.validator = validator;
        this.config = config;
    }

    /** A record that cannot be stored: a stable reason code (the DLQ's {@code dlq-reason}) and a message. */
    public record Refusal(String reason, String error) {
    }

    /** Exactly one of the two is set. */
    public record Decoded(ReceivedEvent event, Refusal refusal) {
        static Decoded refused(String reason, String error) {
            return new Decoded(null, new Refusal(reason, error));
        }
    }

    public ProducerRecord<String, byte[]> encode(String projectId, String sdkAppId, Instant receivedAt, Event e) {
        ObjectNode value = mapper.createObjectNode();
        value.put("projectId", projectId);
        value.put("sdkAppId", sdkAppId);
        value.put("receivedAt", receivedAt.toString());
        ObjectNode event = value.putObject("event");
        event.put("eventId", e.eventId());
        event.put("name", e.name());
        event.put("occurredAt", e.occurredAt().toString());
        if (e.appUserId() != null) {
            event.put("appUserId", e.appUserId());
        }
        putIfPresent(event, "properties", withToken(e));
        putIfPresent(event, "context", e.context());
        putIfPresent(event, "identity", e.identity());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.eventsTopic(),
                key(projectId, e.appUserId(), e.eventId()), bytes(value));
        record.headers().add(SOURCE_HEADER, "http".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Per-user order: all of a user's events share a partition; anonymous events spread by id. */
    public static String key(String projectId, String appUserId, String eventId) {
        return projectId + ":" + (appUserId != null ? appUserId : eventId);
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            return Decoded.refused("empty_value", "record has no value");
        }
        JsonNode value;
        try {
            value = mapper.readTree(StrictUtf8.marked(record.value()));
        } catch (IOException e) {
            return Decoded.refused("invalid_json", "value is not valid JSON");
        }
        if (value == null || !value.isObject()) {
            return Decoded.refused("invalid_envelope", "value must be a JSON object {projectId, sdkAppId, event}");
        }
        for (String field : new String[] {"projectId", "sdkAppId"}) {
            String error = EventValidator.tenantIdError(value, field);
            if (error != null) {
                return Decoded.refused("invalid_envelope", error);
            }
        }
        EventValidator.Result result = validator.validate(value.get("event"), "event");
        if (!result.ok()) {
            return Decoded.refused("invalid_event", result.error());
        }
        return new Decoded(new ReceivedEvent(value.get("projectId").asText(), value.get("sdkAppId").asText(),
                receivedAt(value, record), source(record), result.event()), null);
    }

    private static Instant receivedAt(JsonNode value, ConsumerRecord<String, byte[]> record) {
        JsonNode given = value.get("receivedAt");
        if (given != null && given.isTextual()) {
            try {
                return Instant.parse(given.asText()).truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException ignored) {
                // a direct producer's odd value: fall back to the record's timestamp
            }
        }
        return record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String source(ConsumerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(SOURCE_HEADER);
        return h != null && "http".equals(new String(h.value(), StandardCharsets.UTF_8)) ? "http" : "kafka";
    }

    /** The record carries the AdServices token to storage, which takes it out again before storing. */
    private ObjectNode withToken(Event e) {
        if (e.adServicesToken() == null) {
            return e.properties();
        }
        ObjectNode properties = e.properties() == null ? mapper.createObjectNode() : e.properties().deepCopy();
        return properties.put(EventValidator.ADSERVICES_TOKEN, e.adServicesToken());
    }

    private static void putIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value != null) {
            target.set(field, value);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
