package com.layers.telemetry.ingest.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of the README's Segment mapping that the official libraries never exercise (they always send timestamp). */
@Tag("unit")
class SegmentMessageMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:10Z");

    private static SegmentMessageMapper.Mapped map(String message, String impliedType, Instant sentAt)
            throws Exception {
        return SegmentMessageMapper.map(JSON.readTree(message), "batch[0]", impliedType, null, sentAt, RECEIVED);
    }

    private static JsonNode event(String message, Instant sentAt) throws Exception {
        SegmentMessageMapper.Mapped m = map(message, null, sentAt);
        assertThat(m).isInstanceOf(SegmentMessageMapper.Mapped.Event.class);
        return ((SegmentMessageMapper.Mapped.Event) m).event();
    }

    @Test
    void withoutATimestampTheClockSkewRuleCorrectsTheDevicesClock() throws Exception {
        // The device's clock is 1 h ahead: it stamped 13:00:00 and sent at 13:00:05; we received at 12:00:10.
        JsonNode e = event(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"originalTimestamp\":\"2026-12-06T13:00:00Z\"}",
                Instant.parse("2026-12-06T13:00:05Z"));
        assertThat(e.path("occurredAt").asText()).isEqualTo("2026-12-06T12:00:05Z");
        JsonNode given = event(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-12-06T09:00:00+01:00\","
                        + "\"originalTimestamp\":\"2026-12-06T13:00:00Z\"}",
                Instant.parse("2026-12-06T13:00:05Z"));
        assertThat(given.path("occurredAt").asText()).as("timestamp as given").isEqualTo("2026-12-06T08:00:00Z");
        assertThat(event("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}", null)
                        .path("occurredAt")
                        .asText())
                .as("neither: when it arrived")
                .isEqualTo("2026-12-06T12:00:10Z");
    }

    @Test
    void consentCategoriesBecomeOurPurposesAndALeftOutOneIsNotGranted() throws Exception {
        JsonNode e = event(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"context\":{\"consent\":{\"categoryPreferences\":"
                        + "{\"Functional\":true,\"Advertising\":true,\"C0004\":true}}}}",
                null);
        assertThat(e.path("context").path("consent"))
                .isEqualTo(JSON.readTree("{\"analytics\":false,\"marketing\":true,\"personalization\":true}"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"event\":\"E\",\"userId\":\"u\"}|batch[0].type is required: one of track, identify, page, screen, group, alias",
                "{\"type\":\"click\",\"userId\":\"u\"}|batch[0].type must be one of track, identify, page, screen, group, alias",
                "{\"type\":\"track\",\"event\":\"E\"}|batch[0] needs a userId or an anonymousId",
                "{\"type\":\"track\",\"userId\":\"u\"}|batch[0].event is required for a track call",
                "{\"type\":\"group\",\"userId\":\"u\"}|batch[0].groupId is required for a group call",
                "{\"type\":\"alias\",\"userId\":\"u\"}|batch[0].previousId is required for an alias call",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-12-06T12:00:00\"}|batch[0].timestamp must be ISO-8601 with Z or an offset",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":{}}|batch[0].userId must be a string",
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":1}}|batch[0].traits.email must be a string",
            })
    void refusesWithTheSpecsFieldNames(String message, String error) throws Exception {
        assertThat(map(message, null, null)).isEqualTo(new SegmentMessageMapper.Mapped.Refused(error));
    }

    @Test
    void aSingleCallPathImpliesItsType() throws Exception {
        assertThat(map("{\"type\":\"identify\",\"userId\":\"u\"}", "track", null))
                .isEqualTo(new SegmentMessageMapper.Mapped.Refused("batch[0].type must be track here (or left out)"));
        SegmentMessageMapper.Mapped m = map("{\"userId\":42,\"name\":\"Home\"}", "screen", null);
        JsonNode e = ((SegmentMessageMapper.Mapped.Event) m).event();
        assertThat(e.path("name").asText()).isEqualTo("Screen Viewed");
        assertThat(e.path("appUserId").asText()).as("a numeric id as text").isEqualTo("42");
    }
}
