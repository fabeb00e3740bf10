package com.layers.telemetry.rawevents;

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
        assertThat(EventCursor.decode(c.encode("p1"), "p1")).isEqualTo(c);
        assertThat(c.encode("p1")).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aCursorOfAnotherProjectIsRefused() {
        String cursor = new EventCursor(Instant.parse("2026-11-20T10:00:00Z"), "evt_1", "app_1").encode("p1");
        assertThatThrownBy(() -> EventCursor.decode(cursor, "p2")).isInstanceOf(ApiException.class);
    }

    /** Every single-character change and every truncation of a real cursor is refused, none read as another position. */
    @Test
    void everyAlteredOrTruncatedCursorIsRefused() {
        String cursor = new EventCursor(Instant.parse("2026-11-20T10:00:00.5Z"), "evt_42", "app_1").encode("p1");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                String altered = cursor.substring(0, i) + c + cursor.substring(i + 1);
                if (!altered.equals(cursor)) {
                    EventCursor decoded;
                    try {
                        decoded = EventCursor.decode(altered, "p1");
                    } catch (ApiException refused) {
                        continue;
                    }
                    // Base64's last character carries padding bits: an alteration there can decode to the same bytes.
                    assertThat(decoded).as(altered).isEqualTo(EventCursor.decode(cursor, "p1"));
                }
            }
        }
        for (int n = 1; n < cursor.length(); n++) {
            String cut = cursor.substring(0, n);
            assertThatThrownBy(() -> EventCursor.decode(cut, "p1")).as(cut).isInstanceOf(ApiException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "bm90LWEtY3Vyc29y", "MjAyNi0xMS0yMFQxMDowMDowMFof"})
    void anythingElseIsAValidationError(String cursor) {
        assertThatThrownBy(() -> EventCursor.decode(cursor, "p1"))
                .isInstanceOf(ApiException.class)
                .hasMessage("cursor is not one this listing returned for this project: pass nextCursor back unchanged");
    }
}
