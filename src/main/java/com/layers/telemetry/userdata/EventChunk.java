package com.layers.telemetry.userdata;

import java.time.OffsetDateTime;

/** Keys of a chunk of events being erased, as three parallel arrays (the form the statements unnest). */
public record EventChunk(String[] sdkAppIds, String[] eventIds, OffsetDateTime[] occurredAts) {
    public int size() {
        return eventIds.length;
    }
}
