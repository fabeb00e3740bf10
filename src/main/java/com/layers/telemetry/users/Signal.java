package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** GET …/users/{appUserId}/signal, field for field as user-signal.md. */
public record Signal(String appUserId, String firstSeen, String lastSeen, long eventCount30d, ObjectNode properties,
        Consent consent, List<String> cohorts, Retention retention, String refreshedAt) {

    /** Every field null until a consent was captured. */
    public record Consent(Boolean analytics, Boolean marketing, Boolean personalization, String capturedAt) {
    }

    /** {@code true} once an event fell in the window, {@code false} once it closed without one, else {@code null}. */
    public record Retention(Boolean day1, Boolean day7, Boolean day30) {
    }
}
