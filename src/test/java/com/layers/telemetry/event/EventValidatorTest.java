package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.StrictUtf8;
import com.layers.telemetry.common.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-event rules (README, Sending events), checked on the validator itself (the same code HTTP ingest and the consumer use). */
@Tag("unit")
public class EventValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator VALIDATOR = new EventValidator(JSON);
    private static final String NOW = Instant.now()
            .minus(1, ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS)
            .toString();

    private static EventValidator.Result validate(String eventJson) throws Exception {
        return VALIDATOR.validate(JSON.readTree(eventJson), "events[0]");
    }

    /** The event of a result that must be valid. */
    public static Event valid(EventValidator.Result r) {
        assertThat(r).isInstanceOf(EventValidator.Result.Valid.class);
        return ((EventValidator.Result.Valid) r).event();
    }

    /** The message of a result that must have failed. */
    static String failure(EventValidator.Result r) {
        assertThat(r).isInstanceOf(EventValidator.Result.Failed.class);
        return ((EventValidator.Result.Failed) r).error();
    }

    /** A valid event with {@code extra} (a JSON fragment of fields) added or overriding. */
    private static String event(String extra) {
        return "{\"name\":\"Purchase\",\"occurredAt\":\"" + NOW + "\",\"appUserId\":\"u1\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static Stream<Arguments> invalid() {
        String future = Instant.now().plus(25, ChronoUnit.HOURS).toString();
        return Stream.of(
                Arguments.of("{\"occurredAt\":\"" + NOW + "\"}", "events[0].name is required"),
                Arguments.of(event("\"name\":\"\""), "events[0].name must be a string of 1-128 characters"),
                Arguments.of(
                        event("\"name\":\"" + "n".repeat(129) + "\""),
                        "events[0].name must be a string of 1-128 characters"),
                Arguments.of(event("\"name\":7"), "events[0].name must be a string of 1-128 characters"),
                Arguments.of("{\"name\":\"a\"}", "events[0].occurredAt is required"),
                Arguments.of(event("\"occurredAt\":\"2026-11-20 10:00\""), "events[0].occurredAt must be ISO-8601"),
                Arguments.of(
                        event("\"occurredAt\":\"2026-11-20T10:00:00\""),
                        "events[0].occurredAt" + Timestamps.NEEDS_OFFSET),
                Arguments.of(event("\"occurredAt\":12"), "events[0].occurredAt must be ISO-8601"),
                Arguments.of(
                        event("\"occurredAt\":\"" + future + "\""),
                        "events[0].occurredAt is more than 24 hours in the future"),
                Arguments.of(
                        event("\"occurredAt\":\"1969-12-31T23:59:59Z\""),
                        "events[0].occurredAt must be after 1970-01-01T00:00:00Z"),
                Arguments.of(
                        event("\"appUserId\":\"" + "u".repeat(256) + "\""),
                        "events[0].appUserId must be a string of 1-255 characters"),
                Arguments.of(event("\"eventId\":\"\""), "events[0].eventId must be a string of 1-255 characters"),
                Arguments.of(event("\"properties\":[1]"), "events[0].properties must be an object"),
                Arguments.of(
                        event("\"properties\":{\"revenue\":\"9.99\"}"),
                        "events[0].properties.revenue must be a number"),
                Arguments.of(
                        event("\"properties\":{\"currency\":\"usd\"}"),
                        "events[0].properties.currency must be an ISO 4217 currency code"),
                Arguments.of(
                        event("\"properties\":{\"product_id\":5}"), "events[0].properties.product_id must be a string"),
                Arguments.of(
                        event("\"properties\":{\"quantity\":0}"),
                        "events[0].properties.quantity must be a positive integer"),
                Arguments.of(
                        event("\"properties\":{\"quantity\":1.5}"),
                        "events[0].properties.quantity must be a positive integer"),
                Arguments.of(event("\"properties\":{\"$set\":[]}"), "events[0].properties.$set must be an object"),
                Arguments.of(
                        event("\"properties\":{\"$unset\":\"plan\"}"),
                        "events[0].properties.$unset must be an array of property names"),
                Arguments.of(
                        event("\"properties\":{\"$unset\":[1]}"),
                        "events[0].properties.$unset must be an array of property names"),
                Arguments.of(
                        event("\"properties\":{\"adservices_token\":1}"),
                        "events[0].properties.adservices_token must be a string"),
                Arguments.of(
                        event(
                                "\"properties\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":1}}}}}}}}}}}"),
                        "events[0].properties is nested deeper than 10 levels"),
                Arguments.of(
                        event("\"properties\":{\"blob\":\"" + "x".repeat(33_000) + "\"}"),
                        "events[0].properties is larger than 32768 bytes serialised"),
                Arguments.of(
                        event("\"properties\":{\"k\":\"a\\u0000b\"}"),
                        "events[0].properties.k must not contain the NUL character"),
                Arguments.of(
                        event("\"context\":{\"attStatus\":\"yes\"}"),
                        "events[0].context.attStatus must be one of authorized, denied, restricted, notDetermined"),
                Arguments.of(
                        event("\"context\":{\"consent\":{\"marketing\":\"no\"}}"),
                        "events[0].context.consent.marketing must be a boolean"),
                Arguments.of(
                        event("\"context\":{\"consent\":{\"limitedDataUse\":1}}"),
                        "events[0].context.consent.limitedDataUse must be a boolean"),
                Arguments.of(
                        event("\"context\":{\"device\":{\"id\":\"\"}}"),
                        "events[0].context.device.id must be a string of 1-255 characters"),
                Arguments.of(event("\"context\":{\"locale\":5}"), "events[0].context.locale must be a string"),
                Arguments.of(event("\"identity\":{\"email\":5}"), "events[0].identity.email must be a string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void refusesWithAMessageThatNamesThePath(String json, String message) throws Exception {
        assertThat(failure(validate(json))).isEqualTo(message);
    }

    @Test
    void acceptsAFullEventAndDerivesItsColumns() throws Exception {
        EventValidator.Result r =
                validate(event("\"eventId\":\"evt_1\",\"properties\":{\"revenue\":19.99,\"currency\":\"EUR\","
                        + "\"quantity\":2,\"product_id\":\"p\"},\"context\":{\"device\":{\"id\":\"d1\"},\"attStatus\":\"authorized\","
                        + "\"consent\":{\"marketing\":false}},\"identity\":{\"email\":\"a@b.c\"}"));
        Event e = valid(r);
        assertThat(e.eventId()).isEqualTo("evt_1");
        assertThat(e.revenue()).isEqualByComparingTo("19.99");
        assertThat(e.currency()).isEqualTo("EUR");
        assertThat(e.deviceId()).isEqualTo("d1");
        assertThat(e.attStatus()).isEqualTo("authorized");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse(NOW));
    }

    @Test
    void normalisesOffsetsToUtcMicroseconds() throws Exception {
        Event e = valid(validate(event("\"occurredAt\":\"2026-11-20T12:00:00.1234567+02:00\"")));
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00.123456Z"));
    }

    @Test
    void envelopeIdsFollowOneRuleForHttpAndKafka() throws Exception {
        assertThat(EventValidator.tenantIdError(JSON.readTree("{}"), "projectId"))
                .isEqualTo("projectId is required");
        assertThat(EventValidator.tenantIdError(JSON.readTree("{\"sdkAppId\":\"\"}"), "sdkAppId"))
                .isEqualTo("sdkAppId must be a string of 1-255 characters");
        assertThat(EventValidator.tenantIdError(JSON.readTree("{\"projectId\":\"p\"}"), "projectId"))
                .isNull();
    }

    @ParameterizedTest
    @CsvSource({"authorized, tok123, tok123", "denied, tok123, ", "notDetermined, tok123, ", "authorized, '', "})
    void takesTheAdServicesTokenOutOfThePropertiesAndKeepsItOnlyForAnAuthorizedDevice(
            String att, String token, String kept) throws Exception {
        Event e = valid(validate(event("\"properties\":{\"adservices_token\":\"" + token + "\",\"plan\":\"pro\"},"
                + "\"context\":{\"attStatus\":\"" + att + "\"}")));
        assertThat(e.adServicesToken()).isEqualTo(kept);
        assertThat(e.properties().has("adservices_token")).isFalse();
        assertThat(e.properties().get("plan").asText()).isEqualTo("pro");
    }

    @Test
    void theGeneratedIdOfATokenEventIsStableAcrossTheHttpAndKafkaHops() throws Exception {
        String json = "{\"name\":\"app_install\",\"occurredAt\":\"" + NOW
                + "\",\"properties\":{\"adservices_token\":\"t\"}," + "\"context\":{\"attStatus\":\"authorized\"}}";
        Event first = valid(validate(json));
        Event again = valid(validate(json));
        assertThat(first.eventId()).startsWith("evt_").isEqualTo(again.eventId());
    }

    static Stream<Arguments> unstorable() {
        return Stream.of(
                Arguments.of(
                        event("\"properties\":{\"revenue\":1e999}"),
                        "events[0].properties.revenue must be a finite number"),
                Arguments.of(
                        event("\"properties\":{\"deep\":{\"x\":-1e999}}"),
                        "events[0].properties.deep.x must be a finite number"),
                Arguments.of(
                        event("\"properties\":{\"plan\":\"a\\ud800b\"}"),
                        "events[0].properties.plan contains an unpaired surrogate (not valid Unicode)"),
                Arguments.of(
                        event("\"properties\":{\"a\\udc00\":1}"),
                        "events[0].properties contains an unpaired surrogate (not valid Unicode)"),
                Arguments.of(
                        event("\"identity\":{\"email\":\"\\ud800@x.io\"}"),
                        "events[0].identity.email contains an unpaired surrogate (not valid Unicode)"),
                Arguments.of(
                        "{\"name\":\"P\\udbff\",\"occurredAt\":\"" + NOW + "\"}",
                        "events[0].name contains an unpaired surrogate (not valid Unicode)"),
                Arguments.of(
                        event("\"properties\":{\"plan\":\"a\uffffb\"}"),
                        "events[0].properties.plan is not valid UTF-8"));
    }

    @ParameterizedTest
    @MethodSource("unstorable")
    void refusesWhatStorageWouldAlter(String json, String message) throws Exception {
        assertThat(failure(validate(json))).isEqualTo(message);
    }

    @Test
    void keepsPairedSurrogatesAndOtherUnicode() throws Exception {
        Event e = valid(validate(event("\"properties\":{\"emoji\":\"\\ud83d\\ude00 \u00e9\u4e2d\"}")));
        assertThat(e.properties().get("emoji").asText()).isEqualTo("\ud83d\ude00 \u00e9\u4e2d");
    }

    @Test
    void overlongUtf8IsMarkedSoOnlyItsEventFails() throws Exception {
        byte[] prefix =
                ("[" + event("\"properties\":{\"path\":\"a").replace("\"", "\"")).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\"}}," + event("") + "]").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC0;
        body[prefix.length + 1] = (byte) 0xAF;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        JsonNode both = JSON.readTree(StrictUtf8.marked(body));
        assertThat(failure(VALIDATOR.validate(both.get(0), "events[0]")))
                .isEqualTo("events[0].properties.path is not valid UTF-8");
        assertThat(VALIDATOR.validate(both.get(1), "events[1]")).isInstanceOf(EventValidator.Result.Valid.class);
        assertThat(StrictUtf8.marked(suffix))
                .as("valid input is returned as it is")
                .isSameAs(suffix);
    }
}
