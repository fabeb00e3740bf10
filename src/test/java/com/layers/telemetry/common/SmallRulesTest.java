package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameters and SQL array literals: the small parsers every endpoint and writer relies on. */
@Tag("unit")
class SmallRulesTest {

    @ParameterizedTest
    @CsvSource({",50", "1,1", "200,200"})
    void limitDefaultsTo50AndAllows1To200(String raw, int expected) {
        assertThat(PageParams.limit(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "ten", "1.5"})
    void aBadLimitIsA400(String raw) {
        assertThatThrownBy(() -> PageParams.limit(raw))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-04-11", "yesterday"})
    void anInstantIsAnIso8601Timestamp(String raw) {
        assertThatThrownBy(() -> PageParams.instant(raw, "since"))
                .hasMessageContaining("since must be an ISO-8601 timestamp");
    }

    @Test
    void anInstantWithoutAnOffsetIsToldItNeedsOne() {
        assertThatThrownBy(() -> PageParams.instant("2026-04-11T00:00:00", "since"))
                .hasMessage(
                        "since has no offset: end it with Z or an offset such as +01:00 (e.g. 2026-04-11T00:00:00Z)");
    }

    @Test
    void textArrayLiteralsQuoteAndEscapeEveryElement() {
        assertThat(SqlArrays.textLiteral(List.of("a", "b \"c\"", "d\\e", "")))
                .isEqualTo("{\"a\",\"b \\\"c\\\"\",\"d\\\\e\",\"\"}");
        assertThat(SqlArrays.textLiteral(List.of())).isEqualTo("{}");
        assertThat(SqlArrays.intLiteral(new int[] {3, 0, 1})).isEqualTo("{3,0,1}");
    }
}
