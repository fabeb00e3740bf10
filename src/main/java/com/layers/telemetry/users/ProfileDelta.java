package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventOrder;
import com.layers.telemetry.event.ReceivedEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one batch's new events do to one user's profile, folded in memory with the same rules the database applies
 * when it merges the delta into the stored row (ProfileRepository): min/max/sum, set union, latest consent, and per
 * property key the latest slot ({@code $set}, identify, locale, email, phone, {@code $unset}) and the earliest
 * {@code $set_once} slot, all by {@link EventOrder}.
 */
final class ProfileDelta {
    /** Days of activity kept: eventCount30d needs the 29 whole days between its two edge days. */
    static final int ACTIVITY_DAYS = 32;

    Instant firstSeen;
    Instant lastSeen;
    long events;
    final TreeSet<String> deviceIds = new TreeSet<>();
    final TreeSet<String> eventTypes = new TreeSet<>();
    ObjectNode consent;
    EventOrder consentOrder;
    final Map<String, Slot> latest = new TreeMap<>();
    final Map<String, Slot> earliest = new TreeMap<>();
    final TreeMap<LocalDate, Integer> days = new TreeMap<>();

    /** A property slot: a value (or an unset) and the order of the event that wrote it. */
    record Slot(JsonNode value, boolean unset, EventOrder order) {
        ObjectNode json() {
            ObjectNode slot = JsonNodeFactory.instance.objectNode();
            if (unset) {
                slot.put("u", true);
            } else {
                slot.set("v", value);
            }
            return slot.put("o", order.token());
        }
    }

    void add(ReceivedEvent in) {
        Event e = in.event();
        EventOrder order = in.order();
        firstSeen = firstSeen == null || e.occurredAt().isBefore(firstSeen) ? e.occurredAt() : firstSeen;
        lastSeen = lastSeen == null || e.occurredAt().isAfter(lastSeen) ? e.occurredAt() : lastSeen;
        events++;
        if (e.deviceId() != null) {
            deviceIds.add(e.deviceId());
        }
        eventTypes.add(e.name());
        days.merge(e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate(), 1, Integer::sum);
        PropertyOps ops = PropertyOps.of(e);
        if (ops.consent() != null && (consentOrder == null || order.compareTo(consentOrder) > 0)) {
            consent = ops.consent();
            consentOrder = order;
        }
        ops.sets().forEach((k, v) -> latest.merge(k, new Slot(v, false, order), ProfileDelta::later));
        ops.unsets().forEach(k -> latest.merge(k, new Slot(null, true, order), ProfileDelta::later));
        ops.setOnce().forEach((k, v) -> earliest.merge(k, new Slot(v, false, order), ProfileDelta::earlier));
    }

    /** The newest day with activity. */
    LocalDate newestDay() {
        return days.lastKey();
    }

    /** Counts per day, newest first, for the {@link #ACTIVITY_DAYS} days ending on {@link #newestDay()}. */
    int[] activity() {
        LocalDate newest = newestDay();
        int length = (int) Math.min(ACTIVITY_DAYS, newest.toEpochDay() - days.firstKey().toEpochDay() + 1);
        int[] counts = new int[length];
        days.forEach((day, n) -> {
            long back = newest.toEpochDay() - day.toEpochDay();
            if (back < length) {
                counts[(int) back] += n;
            }
        });
        return counts;
    }

    static ObjectNode slots(Map<String, Slot> slots) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        slots.forEach((k, s) -> out.set(k, s.json()));
        return out;
    }

    private static Slot later(Slot a, Slot b) {
        return a.order().compareTo(b.order()) >= 0 ? a : b;
    }

    private static Slot earlier(Slot a, Slot b) {
        return a.order().compareTo(b.order()) <= 0 ? a : b;
    }
}
