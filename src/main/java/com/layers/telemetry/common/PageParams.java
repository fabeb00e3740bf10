package com.layers.telemetry.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters parsed into the envelope's 400s (JAX-RS would answer a bad number with a bare 404). */
public final class PageParams {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private PageParams() {}

    /** An optional filter: null when absent or empty. */
    public static String optional(String raw) {
        return raw == null || raw.isEmpty() ? null : raw;
    }

    public static int limit(String raw) {
        int limit = integer(raw, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static int offset(String raw) {
        int offset = integer(raw, "offset", 0);
        if (offset < 0) {
            throw ApiException.validation("offset must be 0 or more");
        }
        return offset;
    }

    /** An optional ISO-8601 instant with Z or an offset. */
    public static Instant instant(String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.validation(name
                    + (Timestamps.isLocal(raw)
                            ? Timestamps.NEEDS_OFFSET
                            : " must be an ISO-8601 timestamp, e.g. 2026-04-11T00:00:00Z"));
        }
    }

    /** A since/until window: 400 when since comes after until (an empty window is allowed). */
    public static void requireOrdered(Instant since, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw ApiException.validation("since must not be after until");
        }
    }

    private static int integer(String raw, String name, int fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be an integer");
        }
    }
}
