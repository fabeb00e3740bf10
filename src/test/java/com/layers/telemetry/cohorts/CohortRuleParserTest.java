package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.ApiException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule node kind read, and every way to get one wrong refused with the path of the bad node. */
@Tag("unit")
class CohortRuleParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CohortRule parse(String json) throws Exception {
        return CohortRuleParser.parse(JSON.readTree(json), 4, 20);
    }

    @Test
    void everyNodeKindIsRead() throws Exception {
        CohortRule rule = parse("""
                {"all": [
                  {"property": "plan", "op": "in", "value": ["pro", "team"]},
                  {"consent": "marketing", "is": true},
                  {"event": "Purchase", "within": "30d", "count": {"gte": 2}},
                  {"revenue": {"gte": 50}, "currency": "USD", "within": "12h"},
                  {"any": [{"firstSeen": {"within": "7d"}}, {"lastSeen": {"before": "14d"}}]},
                  {"not": {"retention": "day7", "is": false}},
                  {"event": "Open", "within": "1h"}]}""");
        CohortRule.All all = (CohortRule.All) rule;
        assertThat(all.rules()).hasSize(7);
        assertThat(all.rules().get(0))
                .isEqualTo(new CohortRule.Property(
                        "plan", CohortRule.PropertyOp.IN, JSON.readTree("[\"pro\", \"team\"]")));
        assertThat(all.rules().get(2))
                .isEqualTo(new CohortRule.Window(
                        new CohortRule.WindowKey("Purchase", null, Duration.ofDays(30)),
                        new CohortRule.Comparison(CohortRule.CountOp.GTE, java.math.BigDecimal.valueOf(2))));
        CohortRule.Window revenue = (CohortRule.Window) all.rules().get(3);
        assertThat(revenue.key()).isEqualTo(new CohortRule.WindowKey(null, "USD", Duration.ofHours(12)));
        CohortRule.Any any = (CohortRule.Any) all.rules().get(4);
        assertThat(any.rules().get(1))
                .isEqualTo(new CohortRule.Seen(CohortRule.SeenField.LAST_SEEN, false, Duration.ofDays(14)));
        assertThat(all.rules().get(5)).isEqualTo(new CohortRule.Not(new CohortRule.Retention(7, false)));
        assertThat(((CohortRule.Window) all.rules().get(6)).comparison())
                .as("count defaults to at least one")
                .isEqualTo(new CohortRule.Comparison(CohortRule.CountOp.GTE, java.math.BigDecimal.ONE));
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("[]", "rule must be an object"),
                Arguments.of("{}", "rule must have exactly one of"),
                Arguments.of("{\"all\": [], \"any\": []}", "rule must have exactly one of"),
                Arguments.of("{\"all\": []}", "rule.all must be a non-empty array of rules"),
                Arguments.of("{\"any\": {}}", "rule.any must be a non-empty array of rules"),
                Arguments.of("{\"not\": 5}", "rule.not must be an object"),
                Arguments.of("{\"all\": [{\"nope\": 1}]}", "rule.all[0] must have exactly one of"),
                Arguments.of(
                        "{\"property\": \"plan\", \"op\": \"like\", \"value\": 1}",
                        "rule.op must be one of eq, ne, in, nin"),
                Arguments.of("{\"property\": \"\", \"op\": \"eq\", \"value\": 1}", "rule.property must be a string"),
                Arguments.of("{\"property\": \"plan\", \"op\": \"eq\"}", "rule.value is required for eq"),
                Arguments.of(
                        "{\"property\": \"plan\", \"op\": \"in\", \"value\": \"pro\"}",
                        "rule.value must be a non-empty array"),
                Arguments.of(
                        "{\"property\": \"n\", \"op\": \"gt\", \"value\": \"5\"}",
                        "rule.value must be a number for gt"),
                Arguments.of(
                        "{\"property\": \"n\", \"op\": \"contains\", \"value\": [1]}",
                        "rule.value must be a string, number or boolean for contains"),
                Arguments.of(
                        "{\"property\": \"n\", \"op\": \"exists\", \"value\": 1}",
                        "rule.value is not a field of this condition"),
                Arguments.of("{\"consent\": \"ads\", \"is\": true}", "rule.consent must be one of"),
                Arguments.of("{\"consent\": \"marketing\", \"is\": \"yes\"}", "rule.is must be true or false"),
                Arguments.of("{\"event\": \"Purchase\", \"within\": \"2w\"}", "rule.within must be a duration"),
                Arguments.of("{\"event\": \"Purchase\", \"within\": \"91d\"}", "rule.within must be a duration"),
                Arguments.of("{\"event\": \"Purchase\", \"within\": \"0h\"}", "rule.within must be a duration"),
                Arguments.of(
                        "{\"event\": \"Purchase\", \"within\": \"1d\", \"count\": {\"gte\": -1}}",
                        "rule.count.gte must be a non-negative integer"),
                Arguments.of(
                        "{\"event\": \"Purchase\", \"within\": \"1d\", \"count\": {\"gte\": 1.5}}",
                        "rule.count.gte must be a non-negative integer"),
                Arguments.of(
                        "{\"event\": \"Purchase\", \"within\": \"1d\", \"count\": {\"most\": 1}}",
                        "rule.count must be an object with one of"),
                Arguments.of(
                        "{\"event\": \"Purchase\", \"within\": \"1d\", \"where\": {}}",
                        "rule.where is not a field of this condition"),
                Arguments.of(
                        "{\"revenue\": {\"gte\": \"50\"}, \"currency\": \"USD\", \"within\": \"30d\"}",
                        "rule.revenue.gte must be a number"),
                Arguments.of(
                        "{\"revenue\": {\"gte\": 50}, \"currency\": \"usd\", \"within\": \"30d\"}",
                        "rule.currency must be an ISO 4217 code"),
                Arguments.of("{\"revenue\": {\"gte\": 50}, \"within\": \"30d\"}", "rule.currency must be a string"),
                Arguments.of("{\"firstSeen\": {}}", "rule.firstSeen must be {\"within\": duration}"),
                Arguments.of(
                        "{\"lastSeen\": {\"within\": \"1d\", \"before\": \"2d\"}}",
                        "rule.lastSeen must be {\"within\": duration}"),
                Arguments.of("{\"lastSeen\": {\"before\": \"forever\"}}", "rule.lastSeen.before must be a duration"),
                Arguments.of(
                        "{\"retention\": \"day2\", \"is\": true}", "rule.retention must be one of day1, day7, day30"),
                Arguments.of(
                        "{\"all\": [{\"any\": [{\"not\": {\"all\": [{\"not\": {\"retention\": \"day1\", \"is\": true}}]}}]}]}",
                        "rule.all[0].any[0].not.all[0] nests combinators more than 4 deep"));
    }

    @ParameterizedTest
    @MethodSource("badRules")
    void badRulesAreRefusedNamingTheNode(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ApiException.class).hasMessageStartingWith(message);
    }

    @Test
    void aRuleHasAtMostTheConditionsConfigured() throws Exception {
        StringBuilder conditions = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            conditions
                    .append(i == 0 ? "" : ",")
                    .append("{\"event\": \"e")
                    .append(i)
                    .append("\", \"within\": \"1d\"}");
        }
        assertThatThrownBy(() -> parse("{\"any\": [" + conditions + "]}"))
                .hasMessage("rule.any[20] is condition 21: a rule has at most 20 conditions");
        assertThat(parse("{\"any\": [" + conditions.substring(0, conditions.lastIndexOf(",{")) + "]}"))
                .isInstanceOf(CohortRule.Any.class);
    }
}
