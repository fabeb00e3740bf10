package com.layers.telemetry.relay.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.relay.platform.PiiNormalizer;
import com.layers.telemetry.relay.platform.RelayEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;

/**
 * One event as Meta's Conversions API takes app events: {@code event_name}, {@code event_time} (unix seconds),
 * {@code event_id} (ours, so Meta dedups retries on name + id), {@code action_source: "app"}, {@code user_data}
 * (contact fields normalised and SHA-256 hashed; ids, IP and user agent raw), {@code app_data} (ATT, the 16-entry
 * {@code extinfo}) and {@code custom_data} from the reserved properties; with Limited Data Use,
 * {@code data_processing_options: ["LDU"]} and country and state 0.
 */
final class MetaPayload {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MetaPayload() {}

    static ObjectNode event(RelayEvent e, String eventName) {
        ObjectNode out = F.objectNode();
        out.put("event_name", eventName);
        out.put("event_time", e.occurredAt().getEpochSecond());
        out.put("event_id", e.eventId());
        out.put("action_source", "app");
        out.set("user_data", userData(e));
        out.set("app_data", appData(e));
        ObjectNode custom = customData(e);
        if (!custom.isEmpty()) {
            out.set("custom_data", custom);
        }
        if (e.limitedDataUse()) {
            // Country and state 0: Meta geolocates the event and applies LDU where a US state law asks for it.
            out.putArray("data_processing_options").add("LDU");
            out.put("data_processing_options_country", 0);
            out.put("data_processing_options_state", 0);
        }
        return out;
    }

    static ObjectNode userData(RelayEvent e) {
        JsonNode id = e.identity();
        JsonNode ctx = e.context();
        ObjectNode u = F.objectNode();
        hashed(u, "em", PiiNormalizer.email(RelayEvent.text(id, "email")));
        hashed(u, "ph", PiiNormalizer.phoneDigits(RelayEvent.text(id, "phone"), e.locale()));
        hashed(u, "fn", PiiNormalizer.name(RelayEvent.text(id, "firstName")));
        hashed(u, "ln", PiiNormalizer.name(RelayEvent.text(id, "lastName")));
        hashed(u, "ge", PiiNormalizer.gender(RelayEvent.text(id, "gender")));
        hashed(u, "db", PiiNormalizer.dateOfBirth(RelayEvent.text(id, "dateOfBirth")));
        hashed(u, "ct", PiiNormalizer.city(RelayEvent.text(id, "city")));
        hashed(u, "st", PiiNormalizer.state(RelayEvent.text(id, "state")));
        hashed(u, "zp", PiiNormalizer.zip(RelayEvent.text(id, "zip")));
        hashed(u, "country", PiiNormalizer.country(RelayEvent.text(id, "country")));
        String external = RelayEvent.text(id, "externalId");
        hashed(u, "external_id", PiiNormalizer.lowerNoWhitespace(external != null ? external : e.appUserId()));
        raw(u, "client_ip_address", RelayEvent.text(ctx, "ip"));
        raw(u, "client_user_agent", RelayEvent.text(ctx, "userAgent"));
        raw(u, "fbp", RelayEvent.text(id, "fbp"));
        raw(u, "fbc", RelayEvent.text(id, "fbc"));
        raw(u, "fb_login_id", RelayEvent.text(id, "fbLoginId"));
        raw(u, "madid", RelayEvent.text(ctx, "device", "advertisingId"));
        raw(u, "anon_id", RelayEvent.text(ctx, "device", "fbAnonId"));
        return u;
    }

    static ObjectNode appData(RelayEvent e) {
        ObjectNode a = F.objectNode();
        boolean adTracking =
                e.context().path("device").path("adTrackingEnabled").asBoolean(true);
        // iOS: App Tracking Transparency decides. Android has no ATT: the device's ad-tracking setting does, as Meta's
        // Android SDK sends it (!isTrackingLimited), so an Android event is not restricted for want of an iOS answer.
        a.put("advertiser_tracking_enabled", (e.android() ? adTracking : "authorized".equals(e.attStatus())) ? 1 : 0);
        a.put("application_tracking_enabled", adTracking ? 1 : 0);
        a.set("extinfo", extinfo(e));
        return a;
    }

    /**
     * All 16 positions, in Meta's order, empty strings where unknown: version ({@code i2} iOS, {@code a2} Android),
     * package name, short version, long version, OS version, device model, locale, time-zone abbreviation, carrier,
     * screen width, height, density, CPU cores, external storage GB, free storage GB, device time zone.
     */
    static ArrayNode extinfo(RelayEvent e) {
        JsonNode ctx = e.context();
        String locale = RelayEvent.text(ctx, "locale");
        String zone = RelayEvent.text(ctx, "timezone");
        String[] values = {
            e.android() ? "a2" : "i2",
            firstOf(ctx, new String[] {"app", "namespace"}, new String[] {"app", "bundleId"}),
            firstOf(ctx, new String[] {"app", "version"}),
            firstOf(ctx, new String[] {"app", "build"}),
            firstOf(ctx, new String[] {"device", "osVersion"}),
            firstOf(ctx, new String[] {"device", "model"}),
            locale == null ? "" : locale.replace('-', '_'),
            abbreviation(zone, e),
            firstOf(ctx, new String[] {"network", "carrier"}),
            firstOf(ctx, new String[] {"screen", "width"}),
            firstOf(ctx, new String[] {"screen", "height"}),
            firstOf(ctx, new String[] {"screen", "density"}),
            firstOf(ctx, new String[] {"device", "cpuCores"}),
            firstOf(ctx, new String[] {"device", "storageSizeGb"}),
            firstOf(ctx, new String[] {"device", "freeStorageGb"}),
            zone == null ? "" : zone
        };
        ArrayNode out = F.arrayNode();
        for (String v : values) {
            out.add(v);
        }
        return out;
    }

    static ObjectNode customData(RelayEvent e) {
        JsonNode p = e.properties();
        ObjectNode c = F.objectNode();
        if (e.revenue() != null) {
            c.put("value", e.revenue());
        }
        if (e.currency() != null) {
            c.put("currency", e.currency());
        }
        String product = RelayEvent.text(p, "product_id");
        if (product != null) {
            c.putArray("content_ids").add(product);
            ObjectNode item = c.putArray("contents").addObject();
            item.put("id", product);
            long quantity =
                    p.path("quantity").isIntegralNumber() ? p.path("quantity").asLong() : 1;
            item.put("quantity", quantity);
            if (e.revenue() != null) {
                item.put(
                        "item_price",
                        e.revenue()
                                .divide(BigDecimal.valueOf(quantity), 6, RoundingMode.HALF_UP)
                                .stripTrailingZeros());
            }
        }
        String order = RelayEvent.text(p, "order_id");
        if (order != null) {
            c.put("order_id", order);
        }
        return c;
    }

    private static String abbreviation(String zone, RelayEvent e) {
        if (zone == null) {
            return "";
        }
        try {
            ZoneId id = ZoneId.of(zone);
            boolean dst = id.getRules().isDaylightSavings(e.occurredAt());
            return TimeZone.getTimeZone(id).getDisplayName(dst, TimeZone.SHORT, Locale.ENGLISH);
        } catch (DateTimeException ex) {
            return "";
        }
    }

    private static String firstOf(JsonNode ctx, String[]... paths) {
        for (String[] path : paths) {
            String v = RelayEvent.text(ctx, path);
            if (v != null) {
                return v;
            }
        }
        return "";
    }

    private static void hashed(ObjectNode target, String field, Optional<String> hash) {
        hash.ifPresent(h -> target.putArray(field).add(h));
    }

    private static void raw(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
    }
}
