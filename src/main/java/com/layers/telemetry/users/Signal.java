package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET …/users/{appUserId}/signal, field for field as the OpenAPI operation getUserSignal and the README (Reading user signal) give it. */
@RegisterForReflection
public record Signal(
        String appUserId,
        @Schema(format = "date-time") String firstSeen,
        @Schema(format = "date-time") String lastSeen,
        long eventCount30d,
        ObjectNode properties,
        Consent consent,
        List<String> cohorts,
        Retention retention,
        @Schema(format = "date-time") String refreshedAt) {

    /** Every field null until a consent was captured. */
    @RegisterForReflection
    public record Consent(
            @Schema(nullable = true) Boolean analytics,
            @Schema(nullable = true) Boolean marketing,
            @Schema(nullable = true) Boolean personalization,
            @Schema(nullable = true, format = "date-time") String capturedAt) {}

    /** {@code true} once an event fell in the window, {@code false} once it closed without one, else {@code null}. */
    @RegisterForReflection
    public record Retention(
            @Schema(nullable = true) Boolean day1,
            @Schema(nullable = true) Boolean day7,
            @Schema(nullable = true) Boolean day30) {}
}
