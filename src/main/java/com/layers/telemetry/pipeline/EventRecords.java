package com.layers.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.ingest.ValidatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record format on {@code sdk-events}, shared by HTTP ingest and direct producers: key
 * {@code projectId:appUserId} (per-user order), value {@code {"projectId", "sdkAppId", "event": {…}}}; HTTP ingest
 * adds {@code receivedAt} and the header {@code telemetry-source: http}.
 */
@ApplicationScoped
public class EventRecords {
    public static final String SOURCE_HEADER = "telemetry-source";
    private final ObjectMapper mapper;
    private final KafkaConfig config;

    public EventRecords(ObjectMapper mapper, KafkaConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    public ProducerRecord<String, byte[]> toRecord(String projectId, String sdkAppId, Instant receivedAt, ValidatedEvent e) {
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
        putIfPresent(event, "properties", e.properties());
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

    public JsonNode parse(byte[] value) throws IOException {
        return mapper.readTree(value);
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
