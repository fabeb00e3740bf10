package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import io.vertx.core.buffer.Buffer;

/**
 * An event's JSON objects as the topic and storage carry them (UTF-8 bytes for a {@code jsonb} column; null when
 * absent): the bytes they arrived as ({@link EventReader}) when validation kept them as they were, so each event is
 * parsed once, never written back out, and stored with the digits and text the partner sent.
 */
public record EventJson(Buffer properties, Buffer context, Buffer identity) {

    /** {@code spans}' slices, or the objects serialised where there are no bytes to take (or validation changed them). */
    static EventJson of(
            ObjectMapper mapper,
            EventReader.Spans spans,
            ObjectNode properties,
            boolean propertiesChanged,
            ObjectNode context,
            ObjectNode identity) {
        if (spans == null) {
            return new EventJson(bytes(mapper, properties), bytes(mapper, context), bytes(mapper, identity));
        }
        return new EventJson(
                propertiesChanged ? bytes(mapper, properties) : spans.slice(EventReader.Spans.PROPERTIES),
                spans.slice(EventReader.Spans.CONTEXT),
                spans.slice(EventReader.Spans.IDENTITY));
    }

    private static Buffer bytes(ObjectMapper mapper, JsonNode node) {
        return node == null ? null : Jsonb.bytes(mapper, node);
    }
}
