package com.layers.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.ingest.EventValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns one {@code sdk-events} record into an event to store, or a dead letter saying why not. */
@ApplicationScoped
public class RecordDecoder {
    private final EventRecords records;
    private final EventValidator validator;

    public RecordDecoder(EventRecords records, EventValidator validator) {
        this.records = records;
        this.validator = validator;
    }

    /** Exactly one of the two is set. */
    public record Decoded(IncomingEvent event, DeadLetters.DeadLetter dead) {
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            return dead(record, "empty_value", "record has no value");
        }
        JsonNode value;
        try {
            value = records.parse(record.value());
        } catch (IOException e) {
            return dead(record, "invalid_json", "value is not valid JSON");
        }
        if (value == null || !value.isObject()) {
            return dead(record, "invalid_envelope", "value must be a JSON object {projectId, sdkAppId, event}");
        }
        for (String field : new String[] {"projectId", "sdkAppId"}) {
            JsonNode v = value.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > 255) {
                return dead(record, "invalid_envelope", field + " must be a string of 1-255 characters");
            }
        }
        EventValidator.Result result = validator.validate(value.get("event"), "event");
        if (!result.ok()) {
            return dead(record, "invalid_event", result.error());
        }
        return new Decoded(new IncomingEvent(value.get("projectId").asText(), value.get("sdkAppId").asText(),
                receivedAt(value, record), source(record), result.event(), record), null);
    }

    public static Decoded dead(ConsumerRecord<String, byte[]> record, String reason, String error) {
        return new Decoded(null, new DeadLetters.DeadLetter(record, reason, error));
    }

    private static Instant receivedAt(JsonNode value, ConsumerRecord<String, byte[]> record) {
        JsonNode given = value.get("receivedAt");
        if (given != null && given.isTextual()) {
            try {
                return Instant.parse(given.asText()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            } catch (DateTimeParseException ignored) {
                // a direct producer's odd value: fall back to the record's timestamp
            }
        }
        return record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    }

    private static String source(ConsumerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(EventRecords.SOURCE_HEADER);
        return h != null && "http".equals(new String(h.value(), StandardCharsets.UTF_8)) ? "http" : "kafka";
    }
}
