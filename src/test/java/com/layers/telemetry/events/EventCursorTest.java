package com.layers.telemetry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.layers.telemetry.common.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keyset cursor of GET /events: opaque, round-trips exactly, and anything else is a 400. */
@Tag("unit")
class EventCursorTest {

    @Test
    void roundTripsAnyPosition() {
        EventCursor c = new EventCursor(Instant.parse("2026-11-20T10:00:00.123456Z"), "evt:1/ü", "app_1");
        assertThat(EventCursor.decode(c.encode())).isEqualTo(c);
        assertThat(c.encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "bm90LWEtY3Vyc29y", "MjAyNi0xMS0yMFQxMDowMDowMFof"})
    void anythingElseIsAValidationError(String cursor) {
        assertThatThrownBy(() -> EventCursor.decode(cursor)).isInstanceOf(ApiException.class)
                .hasMessage("cursor is not a cursor this API returned");
    }
}
