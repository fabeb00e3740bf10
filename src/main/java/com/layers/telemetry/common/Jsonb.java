package com.layers.telemetry.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** jsonb column values (decoded by the reactive client as JsonObject) as Jackson trees. */
public final class Jsonb {
    private Jsonb() {}

    /** A tree as the text a {@code ::jsonb} parameter takes; null stays null. */
    public static String text(ObjectMapper mapper, JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tree as the UTF-8 bytes a {@code convert_from(…, 'UTF8')::jsonb} parameter takes: one pass, no text. */
    public static Buffer bytes(ObjectMapper mapper, JsonNode node) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object(ObjectMapper mapper, Object value) {
        return value == null ? null : mapper.valueToTree(((JsonObject) value).getMap());
    }
}
