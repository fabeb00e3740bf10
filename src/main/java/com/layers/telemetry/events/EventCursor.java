package com.layers.telemetry.events;

import com.layers.telemetry.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque keyset position in newest-first order: the last row's (occurredAt, eventId, sdkAppId). */
public record EventCursor(Instant occurredAt, String eventId, String sdkAppId) {
    private static final char SEP = '\u001f';

    public String encode() {
        String raw = occurredAt + String.valueOf(SEP) + eventId + SEP + sdkAppId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static EventCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(String.valueOf(SEP), -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException();
            }
            return new EventCursor(Instant.parse(parts[0]), parts[1], parts[2]);
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor is not a cursor this API returned");
        }
    }
}
