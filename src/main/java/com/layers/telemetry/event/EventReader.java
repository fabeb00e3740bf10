package com.layers.telemetry.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON document holding events (a record's {@code event}, a batch's {@code events[]}) into a tree exactly as
 * {@code readTree} would (the last of repeated keys wins, trailing content is ignored), noting for each event where
 * its properties, context and identity objects lie in the bytes. Storage and the topic then carry those bytes as
 * they came ({@link EventJson}): each event is parsed once and its JSON never written back out.
 */
@ApplicationScoped
public class EventReader {
    private final ObjectMapper mapper;

    public EventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A document and the spans of its events, in order (null for an element that is not an object). */
    public record Read(JsonNode root, List<Spans> events) {}

    /** Where one event's objects lie in the bytes it was read from. */
    public static final class Spans {
        static final int PROPERTIES = 0;
        static final int CONTEXT = 1;
        static final int IDENTITY = 2;
        private final byte[] bytes;
        private final int[] start = {-1, -1, -1};
        private final int[] end = {-1, -1, -1};

        Spans(byte[] bytes) {
            this.bytes = bytes;
        }

        private static int of(String field) {
            return switch (field) {
                case "properties" -> PROPERTIES;
                case "context" -> CONTEXT;
                case "identity" -> IDENTITY;
                default -> -1;
            };
        }

        /** The object's bytes (no copy), or null when the event has no such object. */
        Buffer slice(int object) {
            return start[object] < 0
                    ? null
                    : Buffer.buffer(Unpooled.wrappedBuffer(bytes, start[object], end[object] - start[object]));
        }
    }

    /** {@code {…, "event": {…}}}: one event. */
    public Read record(byte[] bytes) throws IOException {
        return read(bytes, "event");
    }

    /** {@code {…, "events": [{…}, …]}}: an event per element. */
    public Read batch(byte[] bytes) throws IOException {
        return read(bytes, "events");
    }

    private Read read(byte[] bytes, String field) throws IOException {
        List<Spans> events = new ArrayList<>();
        try (JsonParser p = mapper.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new Read(first == null ? null : mapper.readTree(p), events);
            }
            ObjectNode root = mapper.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals(field)) {
                    root.set(name, value(p));
                    continue;
                }
                // A repeated field replaces the earlier one whole, spans included.
                events.clear();
                if (value == JsonToken.START_OBJECT && field.equals("event")) {
                    Spans spans = new Spans(bytes);
                    root.set(name, readEvent(p, spans));
                    events.add(spans);
                } else if (value == JsonToken.START_ARRAY && field.equals("events")) {
                    root.set(name, readEvents(p, bytes, events));
                } else {
                    root.set(name, mapper.readTree(p));
                }
            }
            return new Read(root, events);
        }
    }

    private JsonNode readEvents(JsonParser p, byte[] bytes, List<Spans> events) throws IOException {
        var array = mapper.createArrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                Spans spans = new Spans(bytes);
                array.add(readEvent(p, spans));
                events.add(spans);
            } else {
                array.add((JsonNode) mapper.readTree(p));
                events.add(null);
            }
        }
        return array;
    }

    /**
     * The value the parser stands on, as {@code readTree} reads it: text, booleans and null made directly (each
     * {@code readTree} call sets up a deserialization context, and an event's ids, name and time are all text).
     */
    private JsonNode value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> mapper.getNodeFactory().textNode(p.getText());
            case VALUE_TRUE -> mapper.getNodeFactory().booleanNode(true);
            case VALUE_FALSE -> mapper.getNodeFactory().booleanNode(false);
            case VALUE_NULL -> mapper.getNodeFactory().nullNode();
            default -> mapper.readTree(p);
        };
    }

    private ObjectNode readEvent(JsonParser p, Spans spans) throws IOException {
        ObjectNode event = mapper.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int object = Spans.of(field);
            int start = p.nextToken() == JsonToken.START_OBJECT
                    ? (int) p.currentTokenLocation().getByteOffset()
                    : -1;
            event.set(field, value(p));
            if (object >= 0) {
                // An object ends at its closing brace, the token the parser now stands on.
                spans.start[object] = start;
                spans.end[object] =
                        start < 0 ? -1 : (int) p.currentTokenLocation().getByteOffset() + 1;
            }
        }
        return event;
    }
}
