package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Generated ids: the same event sent twice without an id gets the same id, however it is written. */
@Tag("unit")
class EventIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator VALIDATOR = new EventValidator(JSON);

    private static String id(String json) throws Exception {
        return EventValidatorTest.valid(VALIDATOR.validate(JSON.readTree(json), "event"))
                .eventId();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"lvl\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"appUserId\":\"u\",\"properties\":{\"a\":1,\"b\":2}}"
                        + "|{ \"properties\" : {\"b\":2, \"a\":1}, \"appUserId\":\"u\", \"occurredAt\":\"2026-11-20T12:00:00+02:00\", \"name\":\"lvl\" }",
                "{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00.500Z\"}|{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00.5Z\"}"
            })
    void sameEventSameIdInAnyKeyOrderSpacingOrOffset(String a, String b) throws Exception {
        assertThat(id(a)).matches("evt_[0-9a-f]{32}").isEqualTo(id(b));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}|{\"name\":\"y\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}",
                "{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}|{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:01Z\"}",
                "{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"appUserId\":\"a\"}|{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"appUserId\":\"b\"}",
                "{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"properties\":{\"v\":1}}|{\"name\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"properties\":{\"v\":2}}"
            })
    void anyDifferenceInTheBasisGivesAnotherId(String a, String b) throws Exception {
        assertThat(id(a)).isNotEqualTo(id(b));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"{\"b\":1,\"a\":[true,null,1.0E2]}|{\"a\":[true,null,100],\"b\":1}"})
    void canonicalJsonIsRfc8785(String json, String canonical) throws Exception {
        assertThat(EventIds.canonical(JSON.readTree(json))).isEqualTo(canonical);
    }
}
