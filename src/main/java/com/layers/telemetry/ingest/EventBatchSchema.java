package com.layers.telemetry.ingest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code POST /v1/events} body as the OpenAPI document describes it. The service reads the body as bytes (so it
 * can answer per event and hash it for Idempotency-Key) and validates it with {@code EventValidator}; these records
 * only describe the same rules to client generators.
 */
@Schema(name = "EventBatch", description = "1-100 events of one SDK app of one project")
record EventBatchSchema(
        @Schema(required = true, minLength = 1, maxLength = 255)
        String projectId,

        @Schema(required = true, minLength = 1, maxLength = 255, description = "An SDK app of the project")
        String sdkAppId,

        @Schema(required = true, minItems = 1, maxItems = 100)
        List<EventSchema> events) {

    @Schema(name = "BatchEvent")
    record EventSchema(
            @Schema(required = true, minLength = 1, maxLength = 128)
            String name,

            @Schema(
                    required = true,
                    format = "date-time",
                    description = "ISO-8601 with Z or an offset; after 1970, at most 24 h in the future")
            String occurredAt,

            @Schema(minLength = 1, maxLength = 255) String appUserId,

            @Schema(minLength = 1, maxLength = 255, description = "Dedup key; generated from the event when absent")
            String eventId,

            @Schema(
                    type = SchemaType.OBJECT,
                    description = "At most 32 KB serialised, 10 levels deep. Reserved: revenue (number), "
                            + "currency (ISO 4217), product_id (string), quantity (positive integer), $set/$set_once (objects), $unset "
                            + "(array of names), adservices_token (string: exchanged with Apple, never stored)")
            Map<String, Object> properties,

            ContextSchema context,

            @Schema(description = "PII, redacted on reads without events:read+pii")
            Map<String, String> identity) {}

    @Schema(name = "EventContext")
    record ContextSchema(
            String ip,
            String userAgent,
            String locale,
            String timezone,

            @Schema(enumeration = {"authorized", "denied", "restricted", "notDetermined"})
            String attStatus,

            @Schema(type = SchemaType.OBJECT, description = "id (1-255), advertisingId, fbAnonId, and device facts")
            Map<String, Object> device,

            @Schema(description = "analytics, marketing, personalization")
            Map<String, Boolean> consent) {}

    @Schema(name = "SdkEventBatch", description = "1-100 events; the project and SDK app come from the write key")
    record SdkBatch(
            @Schema(minLength = 1, maxLength = 255, description = "The write key's project, if given")
            String projectId,

            @Schema(minLength = 1, maxLength = 255, description = "The write key's SDK app, if given")
            String sdkAppId,

            @Schema(required = true, minItems = 1, maxItems = 100)
            List<EventSchema> events) {}
}
