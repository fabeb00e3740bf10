package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The merge order and its string form agree, so merges in Java and in SQL pick the same winner. */
@Tag("unit")
class EventOrderTest {

    @Test
    void tokenOrderIsEventOrder() {
        Random rnd = new Random(7);
        String[] ids = {"a", "b", "ab", "é", "\uD83D\uDE00", "\uFFFD", "z9", "A"};
        for (int i = 0; i < 20_000; i++) {
            EventOrder x = random(rnd, ids);
            EventOrder y = random(rnd, ids);
            assertThat(Integer.signum(EventOrder.compareCodePoints(x.token(), y.token())))
                    .as("%s vs %s", x, y)
                    .isEqualTo(Integer.signum(x.compareTo(y)));
        }
    }

    @ParameterizedTest
    @CsvSource({"a,b,-1", "b,a,1", "a,ab,-1", "\uFFFD,\uD83D\uDE00,-1", "same,same,0"})
    void idsCompareByCodePointLikeTheCCollation(String a, String b, int sign) {
        assertThat(Integer.signum(EventOrder.compareCodePoints(a, b))).isEqualTo(sign);
    }

    @Test
    void tokenIsTheFormatTheSqlFunctionBuilds() {
        EventOrder o =
                new EventOrder(Instant.parse("2026-11-20T10:00:00.000001Z"), Instant.EPOCH.plusNanos(1000), "e1");
        assertThat(o.token()).isEqualTo("000660b24ea2c801" + "0000000000000001" + "e1");
    }

    private static EventOrder random(Random rnd, String[] ids) {
        Instant base = Instant.parse("2026-11-20T10:00:00Z");
        return new EventOrder(
                base.plusNanos(1000L * rnd.nextInt(3)),
                base.plusNanos(1000L * rnd.nextInt(3)),
                ids[rnd.nextInt(ids.length)] + (rnd.nextBoolean() ? ids[rnd.nextInt(ids.length)] : ""));
    }
}
