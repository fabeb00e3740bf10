package com.layers.telemetry.common;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The two timestamp shapes the partner docs use. */
public final class Timestamps {
    /** The users endpoints' format (README, Reading user signal): {@code 2025-01-15T14:30:00.000Z}. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The message for a date-time written without its offset, which names no instant. */
    public static final String NEEDS_OFFSET =
            " has no offset: end it with Z or an offset such as +01:00 (e.g. 2026-04-11T00:00:00Z)";

    private Timestamps() {}

    /** A date-time without an offset ({@code 2026-04-11T10:00:00}): valid ISO-8601, but no instant. */
    public static boolean isLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
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
