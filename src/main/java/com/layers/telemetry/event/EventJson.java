package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import io.vertx.core.buffer.Buffer;

/**
 * An event's JSON objects as storage writes them (UTF-8 bytes for a {@code jsonb} column; null when absent).
 * Decoding takes them straight from the record's bytes when validation kept them as they were, so the consumer
 * parses each event once and never writes its JSON back out.
 */
public record EventJson(Buffer properties, Buffer context, Buffer identity) {

    /** The event's objects serialised (when there are no record bytes to take them from). */
    public static EventJson of(ObjectMapper mapper, Event e) {
        return new EventJson(bytes(mapper, e.properties()), bytes(mapper, e.context()), bytes(mapper, e.identity()));
    }

    static Buffer bytes(ObjectMapper mapper, JsonNode node) {
        return node == null ? null : Jsonb.bytes(mapper, node);
    }
}
