package com.layers.telemetry.privacy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies the privacy endpoints take and answer. */
final class PrivacyViews {
    private PrivacyViews() {}

    /** The body of POST …/privacy/requests. */
    @RegisterForReflection
    record NewRequest(
            @Schema(
                    required = true,
                    enumeration = {"delete", "suppress", "suppress_and_delete", "unsuppress"})
            String type,

            @Schema(
                    required = true,
                    type = SchemaType.ARRAY,
                    implementation = AppUserId.class,
                    minItems = 1,
                    maxItems = 1000,
                    description = "1-1000 app user ids (privacy.max-users-per-request)")
            List<String> appUserIds) {}

    /** Document only: one app user id. */
    @Schema(name = "AppUserId", type = SchemaType.STRING, minLength = 1, maxLength = 255)
    interface AppUserId {}

    /** The 202 answer to a new request. */
    @RegisterForReflection
    record Accepted(
            String requestId,

            @Schema(enumeration = {"delete", "suppress", "suppress_and_delete", "unsuppress"})
            String type,

            @Schema(enumeration = {"pending"}) String status,

            @Schema(description = "How many app user ids the request names")
            int appUserIds,

            @Schema(format = "date-time") String createdAt) {}

    /** A request as it stands. */
    @RegisterForReflection
    record Request(
            String requestId,

            @Schema(enumeration = {"delete", "suppress", "suppress_and_delete", "unsuppress"})
            String type,

            @Schema(enumeration = {"pending", "running", "completed"})
            String status,

            @Schema(description = "How many app user ids the request names")
            int appUserIds,

            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time", nullable = true) String completedAt,

            @Schema(
                    description = "Rows erased so far, by kind (zeros until the erasure runs; always zeros for "
                            + "suppress and unsuppress)")
            Erased erased) {}

    /** What an erasure removed, by kind. */
    @RegisterForReflection
    record Erased(
            long events,
            long profiles,
            long attributionRecords,
            long attributionExchanges,
            long attributionAttempts,
            long relayDeliveries,
            long relayAttempts,
            long deadLetters,
            long cohortMemberships) {
        static Erased of(Map<String, Long> counts) {
            return new Erased(
                    counts.getOrDefault("events", 0L),
                    counts.getOrDefault("profiles", 0L),
                    counts.getOrDefault("attributionRecords", 0L),
                    counts.getOrDefault("attributionExchanges", 0L),
                    counts.getOrDefault("attributionAttempts", 0L),
                    counts.getOrDefault("relayDeliveries", 0L),
                    counts.getOrDefault("relayAttempts", 0L),
                    counts.getOrDefault("deadLetters", 0L),
                    counts.getOrDefault("cohortMemberships", 0L));
        }
    }

    /** A suppressed user, as the listing shows it: the keyed hash only. */
    @RegisterForReflection
    record Suppression(
            @Schema(
                    description = "HMAC-SHA256 of the project id, a NUL and the app user id under the service's "
                            + "privacy key, base64url without padding")
            String userHash,

            @Schema(format = "date-time") String since) {}

    /** GET …/privacy/suppressions/{appUserId}. */
    @RegisterForReflection
    record SuppressionStatus(
            @Schema(enumeration = {"true"}) boolean suppressed,
            @Schema(format = "date-time") String since) {}
}
