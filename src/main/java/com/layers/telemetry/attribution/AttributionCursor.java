package com.layers.telemetry.attribution;

import com.layers.telemetry.common.OpaqueCursor;
import java.time.Instant;

/** Opaque keyset position in ascending (installedAt, recordId) order: the last record of a page. */
record AttributionCursor(Instant installedAt, String recordId) {

    String encode() {
        return OpaqueCursor.encode(installedAt.toString(), recordId);
    }

    /** Null for a blank cursor. */
    static AttributionCursor decode(String cursor) {
        return OpaqueCursor.decode(cursor, 2, p -> {
            if (p.get(1).isEmpty()) {
                throw new IllegalArgumentException("no record id");
            }
            return new AttributionCursor(Instant.parse(p.get(0)), p.get(1));
        });
    }
}
