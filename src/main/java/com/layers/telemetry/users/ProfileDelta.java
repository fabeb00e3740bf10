package com.layers.telemetry.users;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventOrder;
import com.layers.telemetry.event.ReceivedEvent;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch's new events do to one user's profile, folded in memory with the same rules the database applies
 * when it merges the delta into the stored row (ProfileRepository): min/max/sum, set union, latest consent, and per
 * property key the latest slot ({@code $set}, identify, locale, email, phone, {@code $unset}) and the earliest
 * {@code $set_once} slot, all by {@link EventOrder}.
 */
final class ProfileDelta {
    /** Days of activity kept: eventCount30d needs the 29 whole days between its two edge days. */
    static final int ACTIVITY_DAYS = 32;

    private static final byte[] NO_SLOTS = {'{', '}'};

    // Most users have one event in a batch: plain lists and maps made on first use, sorted once when written.
    Instant firstSeen;
    Instant lastSeen;
    long events;
    private final List<String> deviceIds = new ArrayList<>(2);
    private final List<String> eventTypes = new ArrayList<>(2);
    ObjectNode consent;
    EventOrder consentOrder;
    Map<String, Slot> latest = Map.of();
    Map<String, Slot> earliest = Map.of();
    /** Distinct epoch days with activity and their counts, in arrival order. */
    private long[] days = new long[1];

    private int[] dayCounts = new int[1];
    private int distinctDays;

    /**
     * A property slot: a value (or an unset) and the order of the event that wrote it, with that order's
     * {@link EventOrder#token()} (made once per event, shared by the slots it writes).
     */
    record Slot(JsonNode value, boolean unset, EventOrder order, String token) {}

    void add(ReceivedEvent in) {
        Event e = in.event();
        EventOrder order = in.order();
        firstSeen = firstSeen == null || e.occurredAt().isBefore(firstSeen) ? e.occurredAt() : firstSeen;
        lastSeen = lastSeen == null || e.occurredAt().isAfter(lastSeen) ? e.occurredAt() : lastSeen;
        events++;
        if (e.deviceId() != null && !deviceIds.contains(e.deviceId())) {
            deviceIds.add(e.deviceId());
        }
        if (!eventTypes.contains(e.name())) {
            eventTypes.add(e.name());
        }
        countDay(Math.floorDiv(e.occurredAt().getEpochSecond(), 86_400L));
        PropertyOps ops = PropertyOps.of(e);
        if (ops.consent() != null && (consentOrder == null || order.compareTo(consentOrder) > 0)) {
            consent = ops.consent();
            consentOrder = order;
        }
        if (ops.sets().isEmpty() && ops.unsets().isEmpty() && ops.setOnce().isEmpty()) {
            return;
        }
        String token = order.token();
        if (latest.isEmpty() && (!ops.sets().isEmpty() || !ops.unsets().isEmpty())) {
            latest = new HashMap<>();
        }
        if (earliest.isEmpty() && !ops.setOnce().isEmpty()) {
            earliest = new HashMap<>();
        }
        ops.sets().forEach((k, v) -> latest.merge(k, new Slot(v, false, order, token), ProfileDelta::later));
        ops.unsets().forEach(k -> latest.merge(k, new Slot(null, true, order, token), ProfileDelta::later));
        ops.setOnce().forEach((k, v) -> earliest.merge(k, new Slot(v, false, order, token), ProfileDelta::earlier));
    }

    private void countDay(long day) {
        for (int i = 0; i < distinctDays; i++) {
            if (days[i] == day) {
                dayCounts[i]++;
                return;
            }
        }
        if (distinctDays == days.length) {
            days = Arrays.copyOf(days, distinctDays * 2);
            dayCounts = Arrays.copyOf(dayCounts, distinctDays * 2);
        }
        days[distinctDays] = day;
        dayCounts[distinctDays++] = 1;
    }

    /** Device ids, sorted (the stored array is kept sorted). */
    List<String> deviceIds() {
        return sorted(deviceIds);
    }

    /** Event names, sorted (the stored array is kept sorted). */
    List<String> eventTypes() {
        return sorted(eventTypes);
    }

    private static List<String> sorted(List<String> values) {
        if (values.size() > 1) {
            Collections.sort(values);
        }
        return values;
    }

    /** The newest day with activity. */
    LocalDate newestDay() {
        return LocalDate.ofEpochDay(newestEpochDay());
    }

    private long newestEpochDay() {
        long newest = days[0];
        for (int i = 1; i < distinctDays; i++) {
            newest = Math.max(newest, days[i]);
        }
        return newest;
    }

    /** Counts per day, newest first, for the {@link #ACTIVITY_DAYS} days ending on {@link #newestDay()}. */
    int[] activity() {
        long newest = newestEpochDay();
        long oldest = days[0];
        for (int i = 1; i < distinctDays; i++) {
            oldest = Math.min(oldest, days[i]);
        }
        int length = (int) Math.min(ACTIVITY_DAYS, newest - oldest + 1);
        int[] counts = new int[length];
        for (int i = 0; i < distinctDays; i++) {
            long back = newest - days[i];
            if (back < length) {
                counts[(int) back] += dayCounts[i];
            }
        }
        return counts;
    }

    /**
     * Slots as the jsonb the merge functions take: {@code {"key": {"v": value, "o": token}}}, or {@code "u": true}
     * for an unset. Written straight out: a tree per slot cost more than the rest of the profile.
     */
    static Buffer slotsJson(ObjectMapper mapper, Map<String, Slot> slots) {
        if (slots.isEmpty()) {
            return Buffer.buffer(NO_SLOTS);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(64 + 96 * slots.size());
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Slot> e : slots.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                if (e.getValue().unset()) {
                    g.writeBooleanField("u", true);
                } else {
                    g.writeFieldName("v");
                    g.writeTree(e.getValue().value());
                }
                g.writeStringField("o", e.getValue().token());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static Slot later(Slot a, Slot b) {
        return a.order().compareTo(b.order()) >= 0 ? a : b;
    }

    private static Slot earlier(Slot a, Slot b) {
        return a.order().compareTo(b.order()) <= 0 ? a : b;
    }
}
