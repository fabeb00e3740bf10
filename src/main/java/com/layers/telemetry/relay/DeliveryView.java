package com.layers.telemetry.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event's delivery to one destination, as GET …/relay/deliveries shows it. */
@RegisterForReflection
public record DeliveryView(
        String eventId,
        String sdkAppId,
        String destination,
        String status,
        @Schema(nullable = true) String reason,
        List<Attempt> attempts,
        @Schema(nullable = true) String decidedAt,
        @Schema(nullable = true) String nextAttemptAt) {

    /** One request that carried the event; {@code request} is the exact request for stub sends (secrets masked). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Attempt(
            long id,
            String attemptedAt,
            String outcome,

            @Schema(
                    description = "When the platform answered",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            Integer httpStatus,

            @Schema(
                    description = "The platform's error code, when it gave one",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String code,

            @Schema(
                    description = "The platform's message, when it gave one",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String message,

            @Schema(
                    description = "fbtrace_id or request_id, when given",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String traceId,

            @Schema(
                    description = "Events in the request",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            Integer events,

            @Schema(
                    description = "The exact request, for stub sends (secrets masked)",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            JsonNode request) {}
}
