package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written ISO-8601 paths give exactly what the JDK's formatters give, input for input. */
@Tag("unit")
class TimestampsTest {
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    @Test
    void isoWritesWhatInstantToStringWrites() {
        Random random = new Random(7);
        int[] nanos = {0, 1, 999_999_999, 500_000_000, 123_000_000, 123_456_000, 123_456_789, 1_000, 1_000_000};
        for (int i = 0; i < 200_000; i++) {
            long seconds = i % 3 == 0
                    ? random.nextLong(-1_000_000L, 4_102_444_800L)
                    : random.nextLong(YEAR_0 - 100_000, YEAR_10000 + 100_000);
            int nano = i % 2 == 0 ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(seconds, nano);
            assertThat(Timestamps.iso(t)).as("%s", t).isEqualTo(t.toString());
            if (i % 100 == 0 && seconds > YEAR_0 + 86_400 && seconds < YEAR_10000 - 86_400) {
                OffsetDateTime local = t.atOffset(ZoneOffset.ofHoursMinutes(5, 30));
                assertThat(Timestamps.iso(local)).as("%s", local).isEqualTo(t.toString());
            }
        }
        for (long edge : new long[] {YEAR_0 - 1, YEAR_0, YEAR_10000 - 1, YEAR_10000, 0, -1}) {
            Instant t = Instant.ofEpochSecond(edge);
            assertThat(Timestamps.iso(t)).isEqualTo(t.toString());
        }
        assertThat(Timestamps.iso((Instant) null)).isNull();
    }

    @Test
    void parseReadsWhatTheFormatterReadsAndRefusesWhatItRefuses() {
        Random random = new Random(11);
        String[] fractions = {"", ".", ".5", ".25", ".123", ".1234", ".123456", ".123456789", ".1234567891", ".x"};
        String[] offsets = {
            "Z",
            "z",
            "+00:00",
            "-00:00",
            "+01:00",
            "-05:30",
            "+14:00",
            "+18:00",
            "-18:00",
            "+18:01",
            "+19:00",
            "+05:60",
            "+0100",
            "+01",
            "+01:00:30",
            "",
            "ZZ",
            "+1:00",
            "Z "
        };
        for (int i = 0; i < 200_000; i++) {
            int year = random.nextInt(20) == 0 ? random.nextInt(10_000) : 1960 + random.nextInt(100);
            String text = String.format(
                    "%04d-%02d-%02d%s%02d:%02d:%02d%s%s",
                    year,
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextInt(30) == 0 ? "t" : random.nextInt(30) == 0 ? " " : "T",
                    random.nextInt(26),
                    random.nextInt(61),
                    random.nextInt(62),
                    fractions[random.nextInt(fractions.length)],
                    offsets[random.nextInt(offsets.length)]);
            assertSameAsFormatter(text);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-29T12:00:00Z",
                "2023-02-29T12:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-12-31T23:59:59.999999999+14:00",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59-18:00",
                "+2026-04-11T10:00:00Z",
                "2026-04-11T10:00Z",
                "2026-04-11T24:00:00Z",
                "2026-04-11T10:00:60Z",
                "2026-04-11T10:00:00",
                "2026-4-11T10:00:00Z",
                "２０２６-04-11T10:00:00Z",
                "2026-04-11T10:00:00.000000000000Z"
            })
    void edgesAgree(String text) {
        assertSameAsFormatter(text);
    }

    private static void assertSameAsFormatter(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Timestamps.parseOffsetDateTime(text))
                    .as(text)
                    .isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Timestamps.parseOffsetDateTime(text)).as(text).isEqualTo(expected);
    }
}
