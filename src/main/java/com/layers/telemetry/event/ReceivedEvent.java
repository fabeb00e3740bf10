package com.layers.telemetry.event;

import java.time.Instant;

/**
 * A validated event with what the pipeline knows of its arrival: the tenant it belongs to, when the service
 * received it and how ({@code http} or {@code kafka}).
 */
public record ReceivedEvent(String projectId, String sdkAppId, Instant receivedAt, String source, Event event) {

    /** The dedup key, in the order every batch writes in, so concurrent batches never deadlock on shared keys. */
    public String key() {
        return projectId + '\u0000' + sdkAppId + '\u0000' + event.eventId();
    }

    /** The total order profile merges use. */
    public EventOrder order() {
        return new EventOrder(event.occurredAt(), receivedAt, event.eventId());
    }
}
