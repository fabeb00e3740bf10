package com.layers.telemetry.rawevents;

import com.layers.telemetry.common.OpaqueCursor;
import java.time.Instant;

/** Opaque keyset position in newest-first order: the last row's (occurredAt, eventId, sdkAppId). */
public record EventCursor(Instant occurredAt, String eventId, String sdkAppId) {

    private static final String LISTING = "events";

    public String encode(String projectId) {
        return OpaqueCursor.encode(LISTING, projectId, occurredAt.toString(), eventId, sdkAppId);
    }

    /** Null for a blank cursor. */
    public static EventCursor decode(String cursor, String projectId) {
        return OpaqueCursor.decode(
                cursor, LISTING, projectId, 3, p -> new EventCursor(Instant.parse(p.get(0)), p.get(1), p.get(2)));
    }
}
