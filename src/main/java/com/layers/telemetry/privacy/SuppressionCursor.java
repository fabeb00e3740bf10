package com.layers.telemetry.privacy;

import com.layers.telemetry.common.OpaqueCursor;
import java.time.Instant;

/** The opaque keyset cursor of the suppression listing (most recent first). */
record SuppressionCursor(Instant since, String userHash) {
    private static final String LISTING = "privacy-suppressions";

    String encode(String projectId) {
        return OpaqueCursor.encode(LISTING, projectId, since.toString(), userHash);
    }

    /** Null for a blank cursor. */
    static SuppressionCursor decode(String cursor, String projectId) {
        return OpaqueCursor.decode(
                cursor, LISTING, projectId, 2, p -> new SuppressionCursor(Instant.parse(p.get(0)), p.get(1)));
    }
}
