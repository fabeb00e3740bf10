package com.layers.telemetry.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;

/** jsonb column values (decoded by the reactive client as JsonObject) as Jackson trees. */
public final class Jsonb {
    private Jsonb() {
    }

    public static ObjectNode object(ObjectMapper mapper, Object value) {
        return value == null ? null : mapper.valueToTree(((JsonObject) value).getMap());
    }
}
