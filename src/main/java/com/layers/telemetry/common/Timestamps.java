package com.layers.telemetry.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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

    /** Years 0000-9999, which {@link #iso(Instant)} writes by hand; others have a sign or more digits. */
    private static final long FIRST_FAST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;

    private static final long END_FAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;

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
        return t == null ? null : iso(t.toInstant());
    }

    /** {@link Instant#toString()}: {@code 2026-04-11T10:00:00.250Z}, the fraction in groups of three digits. */
    public static String iso(Instant t) {
        if (t == null) {
            return null;
        }
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds >= END_FAST_SECOND) {
            return t.toString();
        }
        // Instant.toString goes through DateTimeFormatter, a map of fields per call: a tenth of what the storage of
        // an event cost in profiles, where every event is written out two or three times.
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        char[] out = new char[30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int end = 19;
        int nano = t.getNano();
        if (nano > 0) {
            out[end++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, end, nano / 1_000_000, 3);
                end += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, end, nano / 1_000, 6);
                end += 6;
            } else {
                digits(out, end, nano, 9);
                end += 9;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    /**
     * {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME).toInstant()}, exactly: the shape clients send
     * ({@code 2026-04-11T10:00:00[.fraction](Z|±hh:mm)}) is read by hand, everything else by the formatter, which
     * also gives the error.
     *
     * @throws DateTimeParseException as the formatter does
     */
    public static Instant parseOffsetDateTime(String text) {
        Instant fast = common(text);
        return fast != null
                ? fast
                : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
    }

    /** {@link Instant#parse}, exactly, with the same hand-written path for the common shape. */
    public static Instant parseInstant(String text) {
        Instant fast = common(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant of the common shape, or null for anything else (left to the formatter). */
    private static Instant common(String s) {
        int n = s.length();
        if (n < 20
                || n > 35
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nano = number(s, start, count);
            for (int k = count; k < 9; k++) {
                nano *= 10;
            }
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = number(s, i + 1, 2);
            int minutes = number(s, i + 4, 2);
            if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offset = (hours * 3600 + minutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second - offset, nano);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
