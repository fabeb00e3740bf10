package com.layers.telemetry.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Response bodies of the users endpoints: the signal, and the lists with the partner reference's snake_case names
 * (README, Reading user signal).
 */
public final class UserViews {
    private UserViews() {}

    @RegisterForReflection
    public record UserSummary(
            @JsonProperty("user_id") String userId,
            @JsonProperty("last_seen") String lastSeen,
            @JsonProperty("event_count") long eventCount) {}

    @RegisterForReflection
    public record UserDetail(
            @JsonProperty("user_id") String userId,
            @JsonProperty("device_ids") List<String> deviceIds,
            @JsonProperty("first_seen") String firstSeen,
            @JsonProperty("last_seen") String lastSeen,
            @JsonProperty("event_count") long eventCount,
            @JsonProperty("event_types") List<String> eventTypes) {}

    @RegisterForReflection
    public record UserEvent(
            String id,
            @JsonProperty("event_name") String eventName,
            String timestamp,

            @Schema(nullable = true) @JsonProperty("device_id")
            String deviceId,

            ObjectNode properties,

            @Schema(nullable = true) @JsonProperty("campaign_id")
            String campaignId,

            @Schema(nullable = true) @JsonProperty("paywall_id")
            String paywallId) {}

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

                @Schema(nullable = true, format = "date-time")
                String capturedAt) {}

        /** {@code true} once an event fell in the window, {@code false} once it closed without one, else {@code null}. */
        @RegisterForReflection
        public record Retention(
                @Schema(nullable = true) Boolean day1,
                @Schema(nullable = true) Boolean day7,
                @Schema(nullable = true) Boolean day30) {}
    }
}
