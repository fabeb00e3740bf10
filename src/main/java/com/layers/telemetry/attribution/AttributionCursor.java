package com.layers.telemetry.attribution;

import com.layers.telemetry.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque keyset position in ascending (installedAt, recordId) order: the last record of a page. */
record AttributionCursor(Instant installedAt, String recordId) {
    private static final char SEP = '\u001f';

    String encode() {
        String raw = installedAt.toString() + SEP + recordId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static AttributionCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(String.valueOf(SEP), -1);
            if (parts.length != 2 || parts[1].isEmpty()) {
                throw new IllegalArgumentException();
            }
            return new AttributionCursor(Instant.parse(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor is not a cursor this API returned");
        }
    }
}
