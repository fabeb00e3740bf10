package com.layers.telemetry.attribution;

import com.layers.telemetry.common.OpaqueCursor;
import java.time.Instant;

/** Opaque keyset position in ascending (installedAt, recordId) order: the last record of a page. */
record AttributionCursor(Instant installedAt, String recordId) {

    private static final String LISTING = "apple-ads-attribution";

    String encode(String projectId) {
        return OpaqueCursor.encode(LISTING, projectId, installedAt.toString(), recordId);
    }

    /** Null for a blank cursor. */
    static AttributionCursor decode(String cursor, String projectId) {
        return OpaqueCursor.decode(cursor, LISTING, projectId, 2, p -> {
            if (p.get(1).isEmpty()) {
                throw new IllegalArgumentException("no record id");
            }
            return new AttributionCursor(Instant.parse(p.get(0)), p.get(1));
        });
    }
}
