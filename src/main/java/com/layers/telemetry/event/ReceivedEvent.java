package com.layers.telemetry.event;

import java.time.Instant;
import java.util.Comparator;

/**
 * A validated event with what the pipeline knows of its arrival: the tenant it belongs to, when the service
 * received it and how ({@code http} or {@code kafka}).
 */
public record ReceivedEvent(String projectId, String sdkAppId, Instant receivedAt, String source, Event event) {

    /**
     * The order of dedup keys (projectId, sdkAppId, eventId) every batch writes in, so concurrent batches never
     * deadlock on shared keys. Ids hold no NUL, so this is also the byte order of the three joined by NULs.
     */
    public static final Comparator<ReceivedEvent> KEY_ORDER = (a, b) -> {
        int c = a.projectId.compareTo(b.projectId);
        if (c == 0) {
            c = a.sdkAppId.compareTo(b.sdkAppId);
        }
        return c != 0 ? c : a.event.eventId().compareTo(b.event.eventId());
    };

    /** The dedup key as a value (equality and hash over the three ids). */
    public DedupKey dedupKey() {
        return new DedupKey(projectId, sdkAppId, event.eventId());
    }

    public record DedupKey(String projectId, String sdkAppId, String eventId) {}

    /** The total order profile merges use. */
    public EventOrder order() {
        return new EventOrder(event.occurredAt(), receivedAt, event.eventId());
    }
}
