package com.layers.telemetry.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two timestamp shapes the partner docs use. */
public final class Timestamps {
    /** users.md: {@code 2025-01-15T14:30:00.000Z}. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** An instant as the UTC timestamptz parameter the reactive client binds. */
    public static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    public static String millis(OffsetDateTime t) {
        return t == null ? null : MILLIS.format(t);
    }

    /** The signal and attribution docs: ISO-8601 UTC, fraction only when there is one. */
    public static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    public static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
