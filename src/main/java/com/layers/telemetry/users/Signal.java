package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** GET …/users/{appUserId}/signal, field for field as user-signal.md. */
@RegisterForReflection
public record Signal(String appUserId, String firstSeen, String lastSeen, long eventCount30d, ObjectNode properties,
        Consent consent, List<String> cohorts, Retention retention, String refreshedAt) {

    /** Every field null until a consent was captured. */
    @RegisterForReflection
    public record Consent(Boolean analytics, Boolean marketing, Boolean personalization, String capturedAt) {
    }

    /** {@code true} once an event fell in the window, {@code false} once it closed without one, else {@code null}. */
    @RegisterForReflection
    public record Retention(Boolean day1, Boolean day7, Boolean day30) {
    }
}
