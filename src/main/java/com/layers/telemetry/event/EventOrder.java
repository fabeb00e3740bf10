package com.layers.telemetry.event;

import java.time.Instant;

/**
 * The total order every profile merge uses: (occurredAt, receivedAt, eventId), ids compared by code point, which is
 * the byte order of their UTF-8 form and so the order of PostgreSQL's "C" collation. {@link #token()} is the same
 * order as one string, for merges done in SQL.
 */
public record EventOrder(Instant occurredAt, Instant receivedAt, String eventId) implements Comparable<EventOrder> {

    @Override
    public int compareTo(EventOrder other) {
        int c = occurredAt.compareTo(other.occurredAt);
        if (c == 0) {
            c = receivedAt.compareTo(other.receivedAt);
        }
        return c != 0 ? c : compareCodePoints(eventId, other.eventId);
    }

    /**
     * Both instants as 16 hex digits of microseconds since 1970, then the id: byte order of tokens is event order
     * (the SQL function {@code telemetry_order_token} builds the same string).
     */
    public String token() {
        StringBuilder sb = new StringBuilder(32 + eventId.length());
        hex16(sb, micros(occurredAt));
        hex16(sb, micros(receivedAt));
        return sb.append(eventId).toString();
    }

    /** Compares two {@link #token()}s (or ids) in the database's byte order. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static void hex16(StringBuilder sb, long value) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
        }
    }
}
