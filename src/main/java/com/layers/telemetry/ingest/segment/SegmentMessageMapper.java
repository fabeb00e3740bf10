package com.layers.telemetry.ingest.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One message of the Segment tracking spec turned into an event of ours (README, Segment tracking API, which has the
 * table): {@code messageId} is the event id, {@code userId} (else {@code anonymousId}) the user, {@code track} keeps
 * its name and properties, {@code identify} sets its traits on the profile, {@code page} and {@code screen} become
 * {@code Page Viewed} and {@code Screen Viewed}, {@code group} and {@code alias} are stored as events. Fields the spec
 * names are checked here with the spec's names; the event is then validated as every event is.
 */
final class SegmentMessageMapper {
    static final Set<String> TYPES = Set.of("track", "identify", "page", "screen", "group", "alias");
    /** Segment consent categories, by lower-case name, and the consent purpose of ours each grants. */
    private static final Map<String, String> CATEGORIES = Map.of(
            "analytics", "analytics",
            "advertising", "marketing",
            "marketing", "marketing",
            "targeting", "marketing",
            "personalization", "personalization",
            "personalisation", "personalization",
            "functional", "personalization");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SegmentMessageMapper() {}

    /** What a message became: the event, or the message of what is wrong with it. */
    sealed interface Mapped {
        record Event(ObjectNode event) implements Mapped {}

        record Refused(String error) implements Mapped {}
    }

    /** Thrown inside the mapping only; becomes {@link Mapped.Refused}. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param impliedType the type a single-message endpoint stands for ({@code /v1/track}), or null for a batch item
     * @param batchContext the batch's own {@code context}, merged under the message's (null when none)
     * @param sentAt the batch's {@code sentAt} (null when none), for the clock-skew rule
     */
    static Mapped map(
            JsonNode message,
            String path,
            String impliedType,
            JsonNode batchContext,
            Instant sentAt,
            Instant receivedAt) {
        try {
            return new Mapped.Event(event(message, path, impliedType, batchContext, sentAt, receivedAt));
        } catch (Invalid e) {
            return new Mapped.Refused(e.getMessage());
        }
    }

    private static ObjectNode event(
            JsonNode message,
            String path,
            String impliedType,
            JsonNode batchContext,
            Instant sentAt,
            Instant receivedAt) {
        if (message == null || !message.isObject()) {
            throw new Invalid(path + " must be an object");
        }
        String type = text(message, "type", path);
        if (impliedType != null) {
            if (type != null && !type.equals(impliedType)) {
                throw new Invalid(path + ".type must be " + impliedType + " here (or left out)");
            }
            type = impliedType;
        } else if (type == null) {
            throw new Invalid(path + ".type is required: one of track, identify, page, screen, group, alias");
        } else if (!TYPES.contains(type)) {
            throw new Invalid(path + ".type must be one of track, identify, page, screen, group, alias");
        }
        String userId = id(message, "userId", path);
        String anonymousId = id(message, "anonymousId", path);
        if (userId == null && anonymousId == null) {
            throw new Invalid(path + " needs a userId or an anonymousId");
        }
        ObjectNode event = JSON.objectNode();
        ObjectNode properties = object(message, "properties", path);
        switch (type) {
            case "track" -> {
                String name = text(message, "event", path);
                if (name == null) {
                    throw new Invalid(path + ".event is required for a track call");
                }
                event.put("name", name);
            }
            case "identify" -> {
                event.put("name", "Identify");
                properties = identify(message, path, event);
            }
            case "page", "screen" -> {
                event.put("name", type.equals("page") ? "Page Viewed" : "Screen Viewed");
                properties = properties == null ? JSON.objectNode() : properties;
                putIfText(properties, "name", text(message, "name", path));
                putIfText(properties, "category", text(message, "category", path));
            }
            case "group" -> {
                event.put("name", "Group");
                String groupId = id(message, "groupId", path);
                if (groupId == null) {
                    throw new Invalid(path + ".groupId is required for a group call");
                }
                properties = JSON.objectNode().put("groupId", groupId);
                ObjectNode traits = object(message, "traits", path);
                if (traits != null) {
                    properties.set("traits", traits);
                }
            }
            default -> {
                event.put("name", "Alias");
                String previousId = id(message, "previousId", path);
                if (previousId == null) {
                    throw new Invalid(path + ".previousId is required for an alias call");
                }
                properties = JSON.objectNode().put("previousId", previousId);
            }
        }
        event.put("occurredAt", occurredAt(message, path, sentAt, receivedAt));
        event.put("appUserId", userId != null ? userId : anonymousId);
        String messageId = text(message, "messageId", path);
        if (messageId != null) {
            event.put("eventId", messageId);
        }
        if (properties != null) {
            event.set("properties", properties);
        }
        ObjectNode context = context(message, path, batchContext, anonymousId);
        if (context != null) {
            event.set("context", context);
        }
        return event;
    }

    /** Traits go on the profile ({@code $set}); email and phone are identity, kept out of the profile. */
    private static ObjectNode identify(JsonNode message, String path, ObjectNode event) {
        ObjectNode traits = object(message, "traits", path);
        if (traits == null) {
            return null;
        }
        ObjectNode identity = JSON.objectNode();
        for (String field : new String[] {"email", "phone"}) {
            JsonNode v = traits.remove(field);
            if (v != null && !v.isNull()) {
                if (!v.isTextual()) {
                    throw new Invalid(path + ".traits." + field + " must be a string");
                }
                identity.set(field, v);
            }
        }
        if (!identity.isEmpty()) {
            event.set("identity", identity);
        }
        return traits.isEmpty() ? null : JSON.objectNode().set("$set", traits);
    }

    /**
     * {@code timestamp} as given; else Segment's clock-skew rule {@code receivedAt - (sentAt - originalTimestamp)};
     * else {@code originalTimestamp}; else when it arrived.
     */
    private static String occurredAt(JsonNode message, String path, Instant sentAt, Instant receivedAt) {
        Instant timestamp = instant(message, "timestamp", path);
        if (timestamp != null) {
            return Timestamps.iso(timestamp);
        }
        Instant original = instant(message, "originalTimestamp", path);
        Instant sent = instant(message, "sentAt", path);
        sent = sent != null ? sent : sentAt;
        if (original != null && sent != null) {
            return Timestamps.iso(receivedAt.minus(Duration.between(original, sent)));
        }
        return Timestamps.iso(original != null ? original : receivedAt);
    }

    /**
     * The batch's context under the message's; {@code os} into the device ({@code os}, {@code osVersion}, as the relay
     * reads them), the anonymous id as the device id when the device has none, and consent categories into our
     * purposes.
     */
    private static ObjectNode context(JsonNode message, String path, JsonNode batchContext, String anonymousId) {
        ObjectNode own = object(message, "context", path);
        ObjectNode context = JSON.objectNode();
        if (batchContext != null && batchContext.isObject()) {
            context.setAll((ObjectNode) batchContext.deepCopy());
        }
        if (own != null) {
            context.setAll(own);
        }
        JsonNode os = context.remove("os");
        JsonNode device = context.get("device");
        if ((os != null && os.isObject()) || anonymousId != null) {
            if (device != null && !device.isNull() && !device.isObject()) {
                throw new Invalid(path + ".context.device must be an object");
            }
            ObjectNode d = device == null || device.isNull() ? JSON.objectNode() : (ObjectNode) device;
            if (os != null && os.isObject()) {
                copyIfAbsent(os, "name", d, "os");
                copyIfAbsent(os, "version", d, "osVersion");
            }
            if (anonymousId != null && !d.hasNonNull("id")) {
                d.put("id", anonymousId);
            }
            context.set("device", d);
        }
        JsonNode consent = context.get("consent");
        if (consent != null && consent.isObject() && consent.has("categoryPreferences")) {
            context.set("consent", consent(consent.get("categoryPreferences"), path));
        }
        return context.isEmpty() ? null : context;
    }

    /** Segment's rule: a category left out counts as not granted. */
    private static ObjectNode consent(JsonNode categories, String path) {
        if (!categories.isObject()) {
            throw new Invalid(path + ".context.consent.categoryPreferences must be an object");
        }
        ObjectNode out = JSON.objectNode();
        for (String purpose : List.of("analytics", "marketing", "personalization")) {
            out.put(purpose, false);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = categories.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String purpose = CATEGORIES.get(f.getKey().toLowerCase(Locale.ROOT));
            if (!f.getValue().isBoolean()) {
                throw new Invalid(path + ".context.consent.categoryPreferences." + f.getKey() + " must be a boolean");
            }
            if (purpose != null && f.getValue().booleanValue()) {
                out.put(purpose, true);
            }
        }
        return out;
    }

    private static void copyIfAbsent(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && v.isTextual() && !to.hasNonNull(as)) {
            to.set(as, v);
        }
    }

    private static void putIfText(ObjectNode to, String field, String value) {
        if (value != null) {
            to.put(field, value);
        }
    }

    /** A string field, or null when absent; a non-string is refused. */
    private static String text(JsonNode message, String field, String path) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(path + "." + field + " must be a string");
        }
        return v.asText();
    }

    /** An id: a string, or a number (some libraries send numeric user ids), as text; empty counts as absent. */
    private static String id(JsonNode message, String field, String path) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (!v.isTextual()) {
            throw new Invalid(path + "." + field + " must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }

    private static ObjectNode object(JsonNode message, String field, String path) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new Invalid(path + "." + field + " must be an object");
        }
        // The request's own tree, read for this request only: taken as it is, not copied.
        return (ObjectNode) v;
    }

    /** The batch's {@code sentAt} (null when none), or the 400 naming it. */
    static Instant sentAt(JsonNode body) {
        try {
            return instant(body, "sentAt", "body");
        } catch (Invalid e) {
            throw ApiException.validation(e.getMessage());
        }
    }

    /** An ISO-8601 instant with Z or an offset, as the spec's libraries send it. */
    private static Instant instant(JsonNode message, String field, String path) {
        String text = text(message, field, path);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseOffsetDateTime(text);
        } catch (DateTimeParseException e) {
            throw new Invalid(path + "." + field + " must be ISO-8601 with Z or an offset");
        }
    }
}
