package com.layers.telemetry.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.messaging.KafkaConfig;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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
        // Written straight to bytes, the JSON objects copied as they arrived: a tree, or a generator that takes them
        // as text, cost more than everything else publishing does.
        EventJson json = e.json();
        RecordBytes out = new RecordBytes(256 + size(json.properties()) + size(json.context()) + size(json.identity()));
        out.raw("{\"projectId\":").string(projectId);
        out.raw(",\"sdkAppId\":").string(sdkAppId);
        out.raw(",\"receivedAt\":").string(Timestamps.iso(receivedAt));
        out.raw(",\"event\":{\"eventId\":").string(e.eventId());
        out.raw(",\"name\":").string(e.name());
        out.raw(",\"occurredAt\":").string(Timestamps.iso(e.occurredAt()));
        if (e.appUserId() != null) {
            out.raw(",\"appUserId\":").string(e.appUserId());
        }
        if (e.adServicesToken() != null) {
            out.raw(",\"properties\":").bytes(Jsonb.bytes(mapper, withToken(e)));
        } else {
            out.field("properties", json.properties());
        }
        out.field("context", json.context());
        out.field("identity", json.identity());
        out.raw("}}");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                config.eventsTopic(), key(projectId, e.appUserId(), e.eventId()), out.toByteArray());
        record.headers().add(SOURCE_HEADER, HTTP_SOURCE);
        return record;
    }

    private static int size(Buffer json) {
        return json == null ? 0 : json.length();
    }

    /** A record value being written: ASCII punctuation, JSON strings and JSON values as bytes. */
    private static final class RecordBytes {
        private final ByteArrayBuilder out;

        RecordBytes(int size) {
            out = new ByteArrayBuilder(size);
        }

        RecordBytes raw(String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                out.append(ascii.charAt(i));
            }
            return this;
        }

        RecordBytes string(String value) {
            out.append('"');
            out.write(JsonStringEncoder.getInstance().quoteAsUTF8(value));
            out.append('"');
            return this;
        }

        RecordBytes bytes(Buffer value) {
            ByteBuf b = value.getByteBuf();
            if (b.hasArray()) {
                out.write(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
            } else {
                out.write(value.getBytes());
            }
            return this;
        }

        /** {@code ,"name":<value>} when there is a value. */
        void field(String name, Buffer value) {
            if (value != null) {
                out.append(',');
                string(name);
                out.append(':');
                bytes(value);
            }
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
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
                return Timestamps.parseInstant(given.asText()).truncatedTo(ChronoUnit.MICROS);
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
}
