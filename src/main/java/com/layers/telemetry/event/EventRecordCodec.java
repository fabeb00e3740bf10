package com.layers.telemetry.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.messaging.KafkaConfig;
import io.vertx.core.buffer.Buffer;
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
    private static final byte[] HTTP_SOURCE = "http".getBytes(StandardCharsets.UTF_8);
    private final ObjectMapper mapper;
    private final EventValidator validator;
    private final EventReader reader;
    private final KafkaConfig config;

    public EventRecordCodec(ObjectMapper mapper, EventValidator validator, EventReader reader, KafkaConfig config) {
        this.mapper = mapper;
        this.validator = validator;
        this.reader = reader;
        this.config = config;
    }

    /** What a record holds: an event to store, or the reason it cannot be stored. */
    public sealed interface Decoded {
        /** An event to store. */
        record Read(ReceivedEvent event) implements Decoded {}

        /** A stable reason code (the DLQ's {@code dlq-reason}) and a message. */
        record Refused(String reason, String error) implements Decoded {}
    }

    public ProducerRecord<String, byte[]> encode(String projectId, String sdkAppId, Instant receivedAt, Event e) {
        // Written straight to bytes: building a tree first doubled what every accepted event cost to publish.
        ByteArrayBuilder out = new ByteArrayBuilder(1024);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("projectId", projectId);
            g.writeStringField("sdkAppId", sdkAppId);
            g.writeStringField("receivedAt", receivedAt.toString());
            g.writeObjectFieldStart("event");
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("name", e.name());
            g.writeStringField("occurredAt", e.occurredAt().toString());
            if (e.appUserId() != null) {
                g.writeStringField("appUserId", e.appUserId());
            }
            if (e.adServicesToken() != null) {
                g.writeFieldName("properties");
                g.writeTree(withToken(e));
            } else {
                writeIfPresent(g, "properties", e.json().properties());
            }
            writeIfPresent(g, "context", e.json().context());
            writeIfPresent(g, "identity", e.json().identity());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                config.eventsTopic(), key(projectId, e.appUserId(), e.eventId()), out.toByteArray());
        record.headers().add(SOURCE_HEADER, HTTP_SOURCE);
        return record;
    }

    /** Per-user order: all of a user's events share a partition; anonymous events spread by id. */
    public static String key(String projectId, String appUserId, String eventId) {
        return projectId + ":" + (appUserId != null ? appUserId : eventId);
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            return new Decoded.Refused("empty_value", "record has no value");
        }
        EventReader.Read read;
        try {
            read = reader.record(StrictUtf8.marked(record.value()));
        } catch (IOException e) {
            return new Decoded.Refused("invalid_json", "value is not valid JSON");
        }
        JsonNode value = read.root();
        if (value == null || !value.isObject()) {
            return new Decoded.Refused("invalid_envelope", "value must be a JSON object {projectId, sdkAppId, event}");
        }
        for (String field : new String[] {"projectId", "sdkAppId"}) {
            String error = EventValidator.tenantIdError(value, field);
            if (error != null) {
                return new Decoded.Refused("invalid_envelope", error);
            }
        }
        EventValidator.Result result = validator.validate(
                value.get("event"),
                "event",
                read.events().isEmpty() ? null : read.events().get(0));
        if (!(result instanceof EventValidator.Result.Valid valid)) {
            return new Decoded.Refused("invalid_event", ((EventValidator.Result.Failed) result).error());
        }
        return new Decoded.Read(new ReceivedEvent(
                value.get("projectId").asText(),
                value.get("sdkAppId").asText(),
                receivedAt(value, record),
                source(record),
                valid.event()));
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
        return record.timestamp() > 0
                ? Instant.ofEpochMilli(record.timestamp())
                : Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String source(ConsumerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(SOURCE_HEADER);
        return h != null && "http".equals(new String(h.value(), StandardCharsets.UTF_8)) ? "http" : "kafka";
    }

    /** The record carries the AdServices token to storage, which takes it out again before storing. */
    private ObjectNode withToken(Event e) {
        ObjectNode properties = e.properties() == null
                ? mapper.createObjectNode()
                : e.properties().deepCopy();
        return properties.put(EventValidator.ADSERVICES_TOKEN, e.adServicesToken());
    }

    /** An object as the bytes it arrived as (ASCII in the common case: decoding and re-encoding them is a copy). */
    private static void writeIfPresent(JsonGenerator g, String field, Buffer json) throws IOException {
        if (json != null) {
            g.writeFieldName(field);
            g.writeRawValue(json.toString(StandardCharsets.UTF_8));
        }
    }
}
