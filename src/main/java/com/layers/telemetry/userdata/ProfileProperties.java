package com.layers.telemetry.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.EventOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * A profile's properties as the signal shows them, from its two slot documents: per key, the latest slot's value
 * unless it is an {@code $unset}; where there is no value that way, the earliest {@code $set_once} value if it came
 * after the unset (or there is no latest slot at all). The signal shows them; cohort rules read them.
 */
public final class ProfileProperties {
    private ProfileProperties() {}

    public static ObjectNode view(JsonNode latest, JsonNode earliest) {
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

    /**
     * A retention window as the signal shows it: {@code true} once the user has an event in
     * {@code [firstSeen + day·24h, firstSeen + (day+1)·24h)}, {@code false} once that window closed without one,
     * {@code null} while it is open.
     */
    public static Boolean retention(boolean eventInWindow, Instant firstSeen, int day, Instant now) {
        if (eventInWindow) {
            return true;
        }
        return now.isBefore(retentionCloses(firstSeen, day)) ? null : false;
    }

    /** When a retention window closes. */
    public static Instant retentionCloses(Instant firstSeen, int day) {
        return firstSeen.plus(Duration.ofDays(day + 1L));
    }
}
