package com.layers.telemetry.ingest.segment;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Segment tracking API's bodies as the OpenAPI document describes them; the service reads the bytes and checks
 * them itself ({@link SegmentBatch}), these records only tell client generators the same rules.
 */
final class SegmentSchema {
    private SegmentSchema() {}

    @Schema(name = "SegmentBatch", description = "At most 500 KB (after gzip), 2,500 messages")
    record Batch(
            @Schema(required = true, minItems = 1, maxItems = 2500)
            List<Message> batch,

            @Schema(description = "Merged under each message's context")
            Map<String, Object> context,

            @Schema(format = "date-time", description = "When the library sent the batch (clock-skew rule)")
            String sentAt,

            @Schema(description = "The write key, when not sent as HTTP Basic")
            String writeKey) {}

    @Schema(name = "SegmentMessage", description = "At most 32 KB; userId or anonymousId is required")
    record Message(
            @Schema(
                    enumeration = {"track", "identify", "page", "screen", "group", "alias"},
                    description = "Required in a batch; a single-call path implies it")
            String type,

            @Schema(maxLength = 255, description = "The event id: a retry with the same id is stored once")
            String messageId,

            String userId,
            String anonymousId,
            @Schema(description = "track: the event name") String event,
            @Schema(description = "page, screen: the name") String name,
            @Schema(description = "page: the category") String category,
            @Schema(description = "group: the group") String groupId,
            @Schema(description = "alias: the earlier id") String previousId,
            @Schema(type = SchemaType.OBJECT) Map<String, Object> properties,

            @Schema(type = SchemaType.OBJECT, description = "identify: profile properties; email, phone: identity")
            Map<String, Object> traits,

            @Schema(type = SchemaType.OBJECT) Map<String, Object> context,
            @Schema(format = "date-time") String timestamp,
            @Schema(format = "date-time") String originalTimestamp,
            @Schema(format = "date-time") String sentAt,

            @Schema(description = "The write key, when not sent as HTTP Basic")
            String writeKey) {}
}
