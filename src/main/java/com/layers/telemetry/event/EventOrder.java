package com.layers.telemetry.event;

import java.time.Instant;
import java.util.Comparator;

/**
 * The total order profile merges use: (occurredAt, receivedAt, eventId), the same as PostgreSQL's row comparison on
 * those columns (ids are COLLATE "C").
 */
public record EventOrder(Instant occurredAt, Instant receivedAt, String eventId) implements Comparable<EventOrder> {
    private static final Comparator<EventOrder> ORDER = Comparator.comparing(EventOrder::occurredAt)
            .thenComparing(EventOrder::receivedAt).thenComparing(EventOrder::eventId);

    @Override
    public int compareTo(EventOrder other) {
        return ORDER.compare(this, other);
    }
}
