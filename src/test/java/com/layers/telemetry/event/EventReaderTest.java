package com.layers.telemetry.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EventReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventReader READER = new EventReader(JSON);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Buffer b) {
        return b == null ? null : b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTreeIsWhatReadTreeGivesAndTheSpansAreTheObjectsExactBytes() throws Exception {
        String doc =
                "{\"projectId\":\"p\", \"event\": {\"name\":\"x\", \"properties\" : {\"price\": 1.10, \"é\": [1e2, {\"a\":null}]},"
                        + "\"context\":{ \"locale\" : \"de\" }}, \"extra\": [1, 2]}";
        EventReader.Read read = READER.record(utf8(doc));

        assertThat(read.root()).isEqualTo(JSON.readTree(doc));
        assertThat(text(read.events().get(0).slice(EventReader.Spans.PROPERTIES)))
                .isEqualTo("{\"price\": 1.10, \"é\": [1e2, {\"a\":null}]}");
        assertThat(text(read.events().get(0).slice(EventReader.Spans.CONTEXT))).isEqualTo("{ \"locale\" : \"de\" }");
        assertThat(read.events().get(0).slice(EventReader.Spans.IDENTITY)).isNull();
    }

    @Test
    void scalarsReadAsReadTreeReadsThem() throws Exception {
        String doc = "{\"projectId\":\"p\u00e9\\n\",\"flag\":true,\"off\":false,\"none\":null,\"n\":1.50,"
                + "\"events\":[{\"eventId\":\"e\",\"consent\":false,\"revenue\":1e2,\"appUserId\":null,\"ok\":true}]}";

        assertThat(READER.batch(utf8(doc)).root()).isEqualTo(JSON.readTree(doc));
    }

    @Test
    void aRepeatedKeyWinsLastForTheTreeAndTheSpansAlike() throws Exception {
        String doc = "{\"event\":{\"properties\":{\"v\":1},\"identity\":{\"email\":\"a@x\"}},"
                + "\"event\":{\"properties\":{\"v\":2},\"properties\":null}}";
        EventReader.Read read = READER.record(utf8(doc));

        assertThat(read.root()).isEqualTo(JSON.readTree(doc));
        assertThat(read.events()).hasSize(1);
        assertThat(read.events().get(0).slice(EventReader.Spans.PROPERTIES)).isNull();
        assertThat(read.events().get(0).slice(EventReader.Spans.IDENTITY)).isNull();
    }

    @Test
    void aBatchHasSpansPerElementAndNoneForElementsThatAreNotObjects() throws Exception {
        String doc =
                "{\"events\":[{\"properties\":{\"n\":0}}, 5, null, {\"identity\":{\"phone\":\"+1\"}}], \"sdkAppId\":\"a\"}";
        EventReader.Read read = READER.batch(utf8(doc));

        assertThat(read.root()).isEqualTo(JSON.readTree(doc));
        assertThat(read.events()).hasSize(4);
        assertThat(text(read.events().get(0).slice(EventReader.Spans.PROPERTIES)))
                .isEqualTo("{\"n\":0}");
        assertThat(read.events().get(1)).isNull();
        assertThat(read.events().get(2)).isNull();
        assertThat(text(read.events().get(3).slice(EventReader.Spans.IDENTITY))).isEqualTo("{\"phone\":\"+1\"}");
    }

    @Test
    void otherDocumentsReadAsReadTreeWouldAndBrokenOnesFail() throws Exception {
        assertThat(READER.batch(utf8("[1,2]")).root()).isEqualTo(JSON.readTree("[1,2]"));
        assertThat(READER.batch(utf8("\"text\"")).root()).isEqualTo(JSON.readTree("\"text\""));
        assertThat(READER.batch(utf8("  ")).root()).isNull();
        assertThat(READER.record(utf8("{\"event\":\"not an object\"}")).events())
                .isEmpty();
        assertThatThrownBy(() -> READER.batch(utf8("{\"events\":[{\"a\":1}")))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> READER.record(utf8("{\"event\":{\"a\":}}")))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void validationKeepsTheBytesUnlessItChangedTheObject() throws Exception {
        EventValidator validator = new EventValidator(JSON);
        String doc = "{\"event\":{\"name\":\"x\",\"occurredAt\":\"2026-11-20T12:00:00Z\",\"eventId\":\"e\","
                + "\"properties\":{\"price\":1.10,\"adservices_token\":\"t\"},\"identity\":{\"email\":\"a@x\"}}}";
        EventReader.Read read = READER.record(utf8(doc));
        Event e = EventValidatorTest.valid(validator.validate(
                read.root().get("event"), "event", read.events().get(0)));

        // The token is taken out of the properties, so they are written anew; identity stays the bytes sent.
        assertThat(text(e.json().properties())).isEqualTo("{\"price\":1.1}");
        assertThat(text(e.json().identity())).isEqualTo("{\"email\":\"a@x\"}");
        assertThat(e.json().context()).isNull();
    }
}
