package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each condition means for a user's facts, and when its answer next changes with no event. */
@Tag("unit")
class CohortEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static CohortFacts facts(String properties, Map<CohortRule.WindowKey, CohortFacts.WindowAggregate> windows)
            throws Exception {
        return new CohortFacts(
                (ObjectNode) JSON.readTree(properties),
                JSON.readTree("{\"analytics\": true, \"marketing\": false, \"personalization\": null}"),
                NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(3)),
                Map.of(1, true, 7, false, 30, false),
                windows);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"property\": \"plan\", \"op\": \"eq\", \"value\": \"pro\"}|true",
                "{\"property\": \"n\", \"op\": \"eq\", \"value\": 5.0}|true",
                "{\"property\": \"plan\", \"op\": \"ne\", \"value\": \"pro\"}|false",
                "{\"property\": \"missing\", \"op\": \"eq\", \"value\": \"x\"}|false",
                "{\"property\": \"missing\", \"op\": \"ne\", \"value\": \"x\"}|true",
                "{\"property\": \"missing\", \"op\": \"nin\", \"value\": [\"x\"]}|true",
                "{\"property\": \"missing\", \"op\": \"not_exists\"}|true",
                "{\"property\": \"missing\", \"op\": \"exists\"}|false",
                "{\"property\": \"missing\", \"op\": \"lt\", \"value\": 1}|false",
                "{\"property\": \"missing\", \"op\": \"contains\", \"value\": \"x\"}|false",
                "{\"property\": \"plan\", \"op\": \"in\", \"value\": [\"team\", \"pro\"]}|true",
                "{\"property\": \"plan\", \"op\": \"nin\", \"value\": [\"team\", \"pro\"]}|false",
                "{\"property\": \"n\", \"op\": \"gt\", \"value\": 4}|true",
                "{\"property\": \"n\", \"op\": \"gte\", \"value\": 5}|true",
                "{\"property\": \"n\", \"op\": \"lt\", \"value\": 5}|false",
                "{\"property\": \"n\", \"op\": \"lte\", \"value\": 5}|true",
                "{\"property\": \"plan\", \"op\": \"gt\", \"value\": 1}|false",
                "{\"property\": \"plan\", \"op\": \"contains\", \"value\": \"ro\"}|true",
                "{\"property\": \"tags\", \"op\": \"contains\", \"value\": \"beta\"}|true",
                "{\"property\": \"tags\", \"op\": \"contains\", \"value\": 2}|true",
                "{\"property\": \"tags\", \"op\": \"contains\", \"value\": \"alpha\"}|false",
                "{\"consent\": \"analytics\", \"is\": true}|true",
                "{\"consent\": \"marketing\", \"is\": false}|true",
                "{\"consent\": \"personalization\", \"is\": false}|false",
                "{\"consent\": \"personalization\", \"is\": true}|false",
                "{\"firstSeen\": {\"within\": \"10d\"}}|true",
                "{\"firstSeen\": {\"within\": \"9d\"}}|false",
                "{\"firstSeen\": {\"before\": \"9d\"}}|true",
                "{\"lastSeen\": {\"before\": \"3d\"}}|false",
                "{\"lastSeen\": {\"before\": \"2d\"}}|true",
                "{\"retention\": \"day1\", \"is\": true}|true",
                "{\"retention\": \"day7\", \"is\": false}|true",
                "{\"retention\": \"day30\", \"is\": false}|false",
                "{\"retention\": \"day30\", \"is\": true}|false",
                "{\"not\": {\"retention\": \"day30\", \"is\": true}}|true",
                "{\"any\": [{\"consent\": \"analytics\", \"is\": false}, {\"property\": \"n\", \"op\": \"eq\", \"value\": 5}]}|true",
                "{\"all\": [{\"consent\": \"analytics\", \"is\": false}, {\"property\": \"n\", \"op\": \"eq\", \"value\": 5}]}|false"
            })
    void conditionsOnTheProfile(String rule, boolean expected) throws Exception {
        CohortFacts f = facts("{\"plan\": \"pro\", \"n\": 5, \"tags\": [\"beta\", 2]}", Map.of());
        assertThat(CohortEvaluator.matches(CohortRuleParserTest.parse(rule), f, NOW))
                .isEqualTo(expected);
    }

    @Test
    void windowsCountEventsAndSumRevenueAndChangeWhenTheOldestLeaves() throws Exception {
        CohortRule.WindowKey purchases = new CohortRule.WindowKey("Purchase", null, Duration.ofDays(30));
        CohortRule.WindowKey usd = new CohortRule.WindowKey(null, "USD", Duration.ofDays(30));
        Instant oldest = NOW.minus(Duration.ofDays(29));
        Instant future = NOW.plus(Duration.ofHours(2));
        CohortFacts f = facts(
                "{}",
                Map.of(
                        purchases, new CohortFacts.WindowAggregate(2, BigDecimal.ZERO, oldest, future),
                        usd, new CohortFacts.WindowAggregate(2, new BigDecimal("49.99"), oldest, null)));
        CohortRule twice =
                CohortRuleParserTest.parse("{\"event\": \"Purchase\", \"within\": \"30d\", \"count\": {\"gte\": 2}}");
        CohortRule never =
                CohortRuleParserTest.parse("{\"event\": \"Refund\", \"within\": \"30d\", \"count\": {\"eq\": 0}}");
        CohortRule big =
                CohortRuleParserTest.parse("{\"revenue\": {\"gte\": 50}, \"currency\": \"USD\", \"within\": \"30d\"}");
        assertThat(CohortEvaluator.matches(twice, f, NOW)).isTrue();
        assertThat(CohortEvaluator.matches(never, f, NOW))
                .as("no events of the name")
                .isTrue();
        assertThat(CohortEvaluator.matches(big, f, NOW)).isFalse();
        assertThat(CohortEvaluator.nextChange(twice, f, NOW))
                .as("the future-dated purchase enters before the oldest leaves")
                .isEqualTo(future);
        assertThat(CohortEvaluator.nextChange(big, f, NOW)).isEqualTo(oldest.plus(Duration.ofDays(30)));
        assertThat(CohortEvaluator.nextChange(never, f, NOW)).isNull();
    }

    @Test
    void timeConditionsChangeAtTheirEdges() throws Exception {
        CohortFacts f = facts("{}", Map.of());
        Instant firstSeen = NOW.minus(Duration.ofDays(10));
        assertThat(CohortEvaluator.nextChange(
                        CohortRuleParserTest.parse("{\"firstSeen\": {\"within\": \"11d\"}}"), f, NOW))
                .isEqualTo(firstSeen.plus(Duration.ofDays(11)).plusNanos(1000));
        assertThat(CohortEvaluator.nextChange(
                        CohortRuleParserTest.parse("{\"lastSeen\": {\"before\": \"14d\"}}"), f, NOW))
                .as("turns inactive 14 days after the last event")
                .isEqualTo(
                        NOW.minus(Duration.ofDays(3)).plus(Duration.ofDays(14)).plusNanos(1000));
        assertThat(CohortEvaluator.nextChange(
                        CohortRuleParserTest.parse("{\"retention\": \"day30\", \"is\": false}"), f, NOW))
                .as("the day-30 window closes 31 days after first seen")
                .isEqualTo(firstSeen.plus(Duration.ofDays(31)));
        assertThat(CohortEvaluator.nextChange(
                        CohortRuleParserTest.parse("{\"retention\": \"day1\", \"is\": true}"), f, NOW))
                .as("a retained day stays retained")
                .isNull();
        assertThat(CohortEvaluator.nextChange(
                        CohortRuleParserTest.parse("{\"property\": \"plan\", \"op\": \"exists\"}"), f, NOW))
                .isNull();
        Instant edge = firstSeen.plus(Duration.ofDays(11)).plusNanos(1000);
        CohortRule recent = CohortRuleParserTest.parse("{\"firstSeen\": {\"within\": \"11d\"}}");
        assertThat(CohortEvaluator.matches(recent, f, edge.minusNanos(1000))).isTrue();
        assertThat(CohortEvaluator.matches(recent, f, edge)).isFalse();
    }
}
