package com.layers.telemetry.relay;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One event's delivery to one destination, as GET …/relay/deliveries shows it. */
@RegisterForReflection
public record DeliveryView(String eventId, String sdkAppId, String destination, String status, @Schema(nullable = true) String reason,
        List<Attempt> attempts, @Schema(nullable = true) String decidedAt, @Schema(nullable = true) String nextAttemptAt) {

    /** One request that carried the event; {@code request} is the exact request for stub sends (secrets masked). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Attempt(long id, String attemptedAt, String outcome, Integer httpStatus, String code, String message,
            String traceId, Integer events, JsonNode request) {
    }

    @RegisterForReflection
    public record Page(List<DeliveryView> data, @Schema(nullable = true) String nextCursor) {
    }
}
