package com.layers.telemetry.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.messaging.KafkaConfig;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
            writeIfPresent(g, "properties", withToken(e));
            writeIfPresent(g, "context", e.context());
            writeIfPresent(g, "identity", e.identity());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.eventsTopic(),
                key(projectId, e.appUserId(), e.eventId()), out.toByteArray());
        record.headers().add(SOURCE_HEADER, HTTP_SOURCE);
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
        byte[] bytes = StrictUtf8.marked(record.value());
        Spans spans = new Spans();
        JsonNode value;
        try {
            value = read(bytes, spans);
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
        JsonNode event = value.get("event");
        // Validation takes the AdServices token out of the properties: then they are not the bytes that arrived.
        boolean tokenTaken = event != null && event.path("properties").has(EventValidator.ADSERVICES_TOKEN);
        EventValidator.Result result = validator.validate(event, "event");
        if (!result.ok()) {
            return Decoded.refused("invalid_event", result.error());
        }
        Event e = result.event();
        EventJson json = new EventJson(
                tokenTaken ? EventJson.bytes(mapper, e.properties()) : spans.slice(bytes, Spans.PROPERTIES),
                spans.slice(bytes, Spans.CONTEXT), spans.slice(bytes, Spans.IDENTITY));
        return new Decoded(new ReceivedEvent(value.get("projectId").asText(), value.get("sdkAppId").asText(),
                receivedAt(value, record), source(record), e, json), null);
    }

    /** Where the event's JSON objects lie in the record's bytes: [start, end) per object, -1 when absent. */
    private static final class Spans {
        static final int PROPERTIES = 0;
        static final int CONTEXT = 1;
        static final int IDENTITY = 2;
        final long[] start = {-1, -1, -1};
        final long[] end = {-1, -1, -1};

        static int of(String field) {
            return switch (field) {
                case "properties" -> PROPERTIES;
                case "context" -> CONTEXT;
                case "identity" -> IDENTITY;
                default -> -1;
            };
        }

        Buffer slice(byte[] bytes, int object) {
            return start[object] < 0 ? null
                    : Buffer.buffer(Unpooled.wrappedBuffer(bytes, (int) start[object], (int) (end[object] - start[object])));
        }
    }

    /**
     * The record as a tree, the way {@code readTree} reads it (the last of duplicate keys wins, trailing content
     * is ignored), noting where the event's properties, context and identity objects lie in the bytes.
     */
    private JsonNode read(byte[] bytes, Spans spans) throws IOException {
        try (JsonParser p = mapper.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return first == null ? null : mapper.readTree(p);
            }
            ObjectNode value = mapper.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && "event".equals(field)) {
                    value.set(field, readEvent(p, spans));
                } else {
                    value.set(field, mapper.readTree(p));
                }
            }
            return value;
        }
    }

    private ObjectNode readEvent(JsonParser p, Spans spans) throws IOException {
        // A repeated "event" replaces the earlier one whole, spans included.
        Arrays.fill(spans.start, -1);
        Arrays.fill(spans.end, -1);
        ObjectNode event = mapper.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int object = Spans.of(field);
            long start = p.nextToken() == JsonToken.START_OBJECT ? p.currentTokenLocation().getByteOffset() : -1;
            event.set(field, mapper.readTree(p));
            if (object >= 0) {
                // The object ends at its closing brace, the token the parser stands on.
                spans.start[object] = start;
                spans.end[object] = start < 0 ? -1 : p.currentTokenLocation().getByteOffset() + 1;
            }
        }
        return event;
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

    private static void writeIfPresent(JsonGenerator g, String field, JsonNode value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeTree(value);
        }
    }
}
