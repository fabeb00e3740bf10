package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.ConsentFields;
import com.layers.telemetry.event.Event;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one event does to its user's properties (README, Reading user signal: how the signal is computed): last-write-wins sets from
 * {@code properties.$set}, every property of an {@code identify} event, {@code context.locale} → {@code locale},
 * {@code identity.email} → {@code email}, {@code identity.phone} → {@code phone}; unsets from
 * {@code properties.$unset} (which win over a set of the same key in the same event); earliest-wins sets from
 * {@code properties.$set_once}. Also the event's consent snapshot, if it carries one.
 */
public record PropertyOps(
        Map<String, JsonNode> sets, Set<String> unsets, Map<String, JsonNode> setOnce, ObjectNode consent) {
    static final String IDENTIFY = "identify";
    static final String CONSENT_UPDATED = "consent_updated";

    public static PropertyOps of(Event e) {
        Map<String, JsonNode> sets = new LinkedHashMap<>();
        Set<String> unsets = Set.of();
        Map<String, JsonNode> once = Map.of();
        if (e.context() != null && e.context().path("locale").isTextual()) {
            sets.put("locale", e.context().get("locale"));
        }
        if (e.identity() != null) {
            putText(sets, "email", e.identity().get("email"));
            putText(sets, "phone", e.identity().get("phone"));
        }
        ObjectNode props = e.properties();
        if (props != null) {
            if (IDENTIFY.equals(e.name())) {
                Iterator<Map.Entry<String, JsonNode>> fields = props.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (!f.getKey().startsWith("$")) {
                        sets.put(f.getKey(), f.getValue());
                    }
                }
            }
            copy(props.get("$set"), sets);
            JsonNode setOnce = props.get("$set_once");
            if (setOnce != null && setOnce.isObject() && !setOnce.isEmpty()) {
                once = new LinkedHashMap<>();
                copy(setOnce, once);
            }
            JsonNode unset = props.get("$unset");
            if (unset != null && unset.isArray() && !unset.isEmpty()) {
                Set<String> names = new LinkedHashSet<>();
                unset.forEach(k -> names.add(k.asText()));
                sets.keySet().removeAll(names);
                unsets = names;
            }
        }
        return new PropertyOps(sets, unsets, once, consent(e));
    }

    /** {@code context.consent}, or a {@code consent_updated} event's properties, as a full snapshot. */
    private static ObjectNode consent(Event e) {
        JsonNode source = null;
        if (CONSENT_UPDATED.equals(e.name()) && e.properties() != null) {
            source = e.properties();
        } else if (e.context() != null && e.context().path("consent").isObject()) {
            source = e.context().get("consent");
        }
        if (source == null) {
            return null;
        }
        ObjectNode snapshot = JsonNodeFactory.instance.objectNode();
        for (String field : ConsentFields.PURPOSES) {
            JsonNode v = source.get(field);
            if (v != null && v.isBoolean()) {
                snapshot.set(field, v);
            } else {
                snapshot.putNull(field);
            }
        }
        if (source.path(ConsentFields.LIMITED_DATA_USE).isBoolean()) {
            snapshot.set(ConsentFields.LIMITED_DATA_USE, source.get(ConsentFields.LIMITED_DATA_USE));
        }
        return snapshot;
    }

    private static void copy(JsonNode object, Map<String, JsonNode> into) {
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(f -> into.put(f.getKey(), f.getValue()));
        }
    }

    private static void putText(Map<String, JsonNode> into, String key, JsonNode value) {
        if (value != null && value.isTextual()) {
            into.put(key, value);
        }
    }
}
