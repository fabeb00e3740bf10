package com.layers.telemetry.privacy;

import com.layers.telemetry.common.OpaqueCursor;
import java.time.Instant;

/** The opaque keyset cursor of the privacy request listing (newest first). */
record RequestCursor(Instant createdAt, String requestId) {
    private static final String LISTING = "privacy-requests";

    String encode(String projectId) {
        return OpaqueCursor.encode(LISTING, projectId, createdAt.toString(), requestId);
    }

    /** Null for a blank cursor. */
    static RequestCursor decode(String cursor, String projectId) {
        return OpaqueCursor.decode(
                cursor, LISTING, projectId, 2, p -> new RequestCursor(Instant.parse(p.get(0)), p.get(1)));
    }
}
