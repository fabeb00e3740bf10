package com.layers.telemetry.relay.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.relay.platform.PiiNormalizer;
import com.layers.telemetry.relay.platform.RelayEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * One event as TikTok's Events API 2.0 takes app events: {@code event}, {@code event_time} (unix seconds),
 * {@code event_id}, {@code limited_data_use}, {@code user} (email, phone in E.164 <em>with</em> its {@code +}, external id and IDFA hashed; IP
 * and user agent raw; ATT status), {@code app} and {@code properties} from the reserved properties.
 */
final class TikTokPayload {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> ATT = Map.of(
            "authorized",
            "AUTHORIZED",
            "denied",
            "DENIED",
            "restricted",
            "RESTRICTED",
            "notDetermined",
            "NOT_DETERMINED");

    private TikTokPayload() {}

    static ObjectNode event(RelayEvent e, String eventName, String storeAppId) {
        ObjectNode out = F.objectNode();
        out.put("event", eventName);
        out.put("event_time", e.occurredAt().getEpochSecond());
        out.put("event_id", e.eventId());
        out.put("limited_data_use", e.limitedDataUse());
        out.set("user", user(e));
        ObjectNode app = F.objectNode();
        if (storeAppId != null) {
            app.put("app_id", storeAppId);
        }
        String version = RelayEvent.text(e.context(), "app", "version");
        if (version != null) {
            app.put("app_version", version);
        }
        if (!app.isEmpty()) {
            out.set("app", app);
        }
        ObjectNode properties = properties(e);
        if (!properties.isEmpty()) {
            out.set("properties", properties);
        }
        return out;
    }

    static ObjectNode user(RelayEvent e) {
        JsonNode id = e.identity();
        JsonNode ctx = e.context();
        ObjectNode u = F.objectNode();
        put(u, "email", PiiNormalizer.email(RelayEvent.text(id, "email")));
        put(u, "phone", PiiNormalizer.phoneE164(RelayEvent.text(id, "phone"), e.locale()));
        String external = RelayEvent.text(id, "externalId");
        put(u, "external_id", PiiNormalizer.lowerTrimmed(external != null ? external : e.appUserId()));
        put(u, "ip", Optional.ofNullable(RelayEvent.text(ctx, "ip")));
        put(u, "user_agent", Optional.ofNullable(RelayEvent.text(ctx, "userAgent")));
        boolean android = e.android();
        if (!android) {
            put(u, "idfa", PiiNormalizer.lowerTrimmed(RelayEvent.text(ctx, "device", "advertisingId")));
        }
        u.put(
                "att_status",
                android || e.attStatus() == null
                        ? "NOT_APPLICABLE"
                        : ATT.getOrDefault(e.attStatus(), "NOT_APPLICABLE"));
        return u;
    }

    static ObjectNode properties(RelayEvent e) {
        ObjectNode p = F.objectNode();
        if (e.revenue() != null) {
            p.put("value", e.revenue());
        }
        if (e.currency() != null) {
            p.put("currency", e.currency());
        }
        String product = RelayEvent.text(e.properties(), "product_id");
        if (product != null) {
            long quantity = e.properties().path("quantity").isIntegralNumber()
                    ? e.properties().path("quantity").asLong()
                    : 1;
            ObjectNode item = p.putArray("contents").addObject();
            item.put("content_id", product);
            item.put("quantity", quantity);
            if (e.revenue() != null) {
                item.put(
                        "price",
                        e.revenue()
                                .divide(BigDecimal.valueOf(quantity), 6, RoundingMode.HALF_UP)
                                .stripTrailingZeros());
            }
            p.put("content_type", "product");
        }
        return p;
    }

    private static void put(ObjectNode target, String field, Optional<String> value) {
        value.ifPresent(v -> target.put(field, v));
    }
}
