package com.layers.telemetry.relay.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * A stored event as the relay reads it back to build a platform's request. {@code limitedDataUse}: the project, the
 * user's latest consent or the event's own {@code context.consent} asks for Limited Data Use.
 */
public record RelayEvent(
        String projectId,
        String sdkAppId,
        String eventId,
        String name,
        Instant occurredAt,
        Instant receivedAt,
        String appUserId,
        JsonNode properties,
        JsonNode context,
        JsonNode identity,
        String attStatus,
        String appPlatform,
        BigDecimal revenue,
        String currency,
        boolean limitedDataUse) {

    public RelayEvent {
        properties = properties == null ? MissingNode.getInstance() : properties;
        context = context == null ? MissingNode.getInstance() : context;
        identity = identity == null ? MissingNode.getInstance() : identity;
    }

    /** A text field at a path ({@code "device", "model"}), or null when absent or not text. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : n.isNumber() ? n.asText() : null;
    }

    /** Android by the device's OS when the event names one, else by the SDK app's platform. */
    public boolean android() {
        String os = text(context, "device", "os");
        return (os != null ? os : String.valueOf(appPlatform))
                .toLowerCase(Locale.ROOT)
                .contains("android");
    }

    public String locale() {
        return text(context, "locale");
    }
}
