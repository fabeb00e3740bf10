package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.EventOrder;
import java.util.TreeSet;

/**
 * A profile's properties as the signal shows them, from its two slot documents: per key, the latest slot's value
 * unless it is an {@code $unset}; where there is no value that way, the earliest {@code $set_once} value if it came
 * after the unset (or there is no latest slot at all).
 */
final class ProfileProperties {
    private ProfileProperties() {}

    static ObjectNode view(JsonNode latest, JsonNode earliest) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        TreeSet<String> keys = new TreeSet<>();
        latest.fieldNames().forEachRemaining(keys::add);
        earliest.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode set = latest.get(key);
            JsonNode once = earliest.get(key);
            if (set != null && !set.path("u").asBoolean(false)) {
                out.set(key, set.get("v"));
            } else if (once != null
                    && (set == null
                            || EventOrder.compareCodePoints(
                                            once.get("o").asText(), set.get("o").asText())
                                    > 0)) {
                out.set(key, once.get("v"));
            }
        }
        return out;
    }
}
