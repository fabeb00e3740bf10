package com.layers.telemetry.rawevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stored event as {@code GET …/events} shows it. */
/** Absent values are null (README, Reads); only {@code identity} is left out, for keys without events:read+pii. */
@RegisterForReflection
public record RawEvent(
        String eventId,
        String sdkAppId,
        String name,
        @Schema(nullable = true) String appUserId,
        String occurredAt,
        String receivedAt,
        @Schema(nullable = true) String deviceId,
        ObjectNode properties,
        ObjectNode context,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                implementation = ObjectNode.class,
                description = "Only for events:read+pii keys (null when the event has none)",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        JsonNode identity) {}
