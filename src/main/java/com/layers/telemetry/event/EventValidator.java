package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.StorableText;
import com.layers.telemetry.common.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates one event, the same way for HTTP batches and for records produced straight onto Kafka (README,
 * Sending events). Returns the normalised event or the first problem, phrased with its JSON path.
 *
 * <p>Longer than our other classes on purpose: it is the one list of per-event rules partners code against, each a
 * few flat lines, and reading them in one place is how the README's rules are checked against the code.
 */
@ApplicationScoped
public class EventValidator {
    static final int MAX_NAME = 128;
    public static final int MAX_ID = 255;
    static final int MAX_PROPERTIES_BYTES = 32 * 1024;
    static final int MAX_DEPTH = 10;
    static final Duration MAX_FUTURE = Duration.ofHours(24);
    /** Nothing an app tracked happened before this; it also keeps instants inside what PostgreSQL can store. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The property that carries {@code AAAttribution.attributionToken()}; taken out of the event by validation. */
    public static final String ADSERVICES_TOKEN = "adservices_token";

    static final Set<String> ATT_STATUSES = Set.of("authorized", "denied", "restricted", "notDetermined");
    /** Identity fields (PII): the documented six, and the customer-information fields the relay also forwards. */
    static final Set<String> IDENTITY_FIELDS = Set.of(
            "email",
            "phone",
            "externalId",
            "fbp",
            "fbc",
            "fbLoginId",
            "firstName",
            "lastName",
            "gender",
            "dateOfBirth",
            "city",
            "state",
            "zip",
            "country");
    /** Device identifiers the relay forwards raw (Meta madid / TikTok idfa, Meta anon_id). */
    static final Set<String> DEVICE_IDS = Set.of("advertisingId", "fbAnonId");

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private final ObjectMapper mapper;

    public EventValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Either the normalised event or the message of the first failure. */
    public sealed interface Result {
        record Valid(Event event) implements Result {}

        record Failed(String error) implements Result {}
    }

    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The envelope's {@code projectId} / {@code sdkAppId} rule, the same for HTTP batches and Kafka records: the
     * message of what is wrong with the field, or null when it is a string of 1-255 characters.
     */
    public static String tenantIdError(JsonNode envelope, String field) {
        JsonNode v = envelope.get(field);
        if (v == null || v.isNull()) {
            return field + " is required";
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_ID) {
            return field + " must be a string of 1-" + MAX_ID + " characters";
        }
        String problem = StorableText.problem(v.asText());
        return problem == null ? null : field + problem;
    }

    /** {@link #validate(JsonNode, String, EventReader.Spans)} of an event read without its bytes. */
    public Result validate(JsonNode node, String path) {
        return validate(node, path, null);
    }

    /**
     * @param path how messages name the event: {@code events[3]} for HTTP, {@code event} for Kafka records
     * @param spans where the event's objects lie in the bytes it was read from (null: serialise them)
     */
    public Result validate(JsonNode node, String path, EventReader.Spans spans) {
        try {
            return new Result.Valid(check(node, path, spans));
        } catch (Invalid e) {
            return new Result.Failed(e.getMessage());
        }
    }

    private Event check(JsonNode node, String path, EventReader.Spans spans) {
        if (node == null || !node.isObject()) {
            throw new Invalid(path + " must be an object");
        }
        // NULs outside properties (which checkProperties walks anyway).
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!"properties".equals(f.getKey())) {
                new Shape().walk(f.getValue(), JsonPath.root(path).field(f.getKey()), 1);
            }
        }
        String name = requiredString(node, "name", path, MAX_NAME);
        Instant occurredAt = occurredAt(node.get("occurredAt"), path + ".occurredAt");
        String appUserId = optionalString(node, "appUserId", path, MAX_ID);
        String eventId = optionalString(node, "eventId", path, MAX_ID);
        ObjectNode properties = optionalObject(node, "properties", path);
        ObjectNode context = optionalObject(node, "context", path);
        ObjectNode identity = optionalObject(node, "identity", path);

        BigDecimal revenue = null;
        String currency = null;
        if (properties != null) {
            checkProperties(properties, path + ".properties");
            JsonNode r = properties.get("revenue");
            revenue = r != null && !r.isNull() ? r.decimalValue() : null;
            JsonNode c = properties.get("currency");
            currency = c != null && !c.isNull() ? c.asText() : null;
        }
        String deviceId = null;
        String attStatus = null;
        if (context != null) {
            checkContext(context, path + ".context");
            JsonNode id = context.path("device").get("id");
            deviceId = id != null && id.isTextual() ? id.asText() : null;
            JsonNode att = context.get("attStatus");
            attStatus = att != null && att.isTextual() ? att.asText() : null;
        }
        if (identity != null) {
            for (String field : IDENTITY_FIELDS) {
                JsonNode v = identity.get(field);
                if (v != null && !v.isNull() && !v.isTextual()) {
                    throw new Invalid(path + ".identity." + field + " must be a string");
                }
            }
        }
        if (eventId == null) {
            eventId = EventIds.generate(name, occurredAt, appUserId, properties);
        }
        // The token is a credential for one exchange, not a property: never stored, kept only for an authorized device.
        String adServicesToken = null;
        JsonNode token = properties == null ? null : properties.remove(ADSERVICES_TOKEN);
        if (token != null && token.isTextual() && !token.asText().isEmpty() && "authorized".equals(attStatus)) {
            adServicesToken = token.asText();
        }
        return new Event(
                eventId,
                name,
                occurredAt,
                appUserId,
                properties,
                context,
                identity,
                deviceId,
                revenue,
                currency,
                attStatus,
                adServicesToken,
                EventJson.of(mapper, spans, properties, token != null, context, identity));
    }

    private Instant occurredAt(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            throw new Invalid(path + " is required");
        }
        if (!value.isTextual()) {
            throw new Invalid(path + " must be ISO-8601");
        }
        Instant instant;
        try {
            // PostgreSQL keeps microseconds: normalise here so ids, ordering and storage all see the same instant.
            instant = Timestamps.parseOffsetDateTime(value.asText()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new Invalid(
                    path + (Timestamps.isLocal(value.asText()) ? Timestamps.NEEDS_OFFSET : " must be ISO-8601"));
        }
        if (instant.isBefore(EARLIEST)) {
            throw new Invalid(path + " must be after 1970-01-01T00:00:00Z");
        }
        if (instant.isAfter(Instant.now().plus(MAX_FUTURE))) {
            throw new Invalid(path + " is more than 24 hours in the future");
        }
        return instant;
    }

    private void checkProperties(ObjectNode properties, String path) {
        Shape shape = new Shape();
        shape.walk(properties, JsonPath.root(path), 1);
        if (shape.depth > MAX_DEPTH) {
            throw new Invalid(path + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        // The estimate never undercounts by more than escapes can add; serialise exactly only near the limit.
        if (shape.estimatedBytes > MAX_PROPERTIES_BYTES * 3 / 4) {
            int size;
            try {
                size = mapper.writeValueAsBytes(properties).length;
            } catch (IOException e) {
                throw new Invalid(path + " cannot be serialised");
            }
            if (size > MAX_PROPERTIES_BYTES) {
                throw new Invalid(path + " is larger than " + MAX_PROPERTIES_BYTES + " bytes serialised");
            }
        }
        JsonNode revenue = properties.get("revenue");
        if (revenue != null && !revenue.isNull() && !revenue.isNumber()) {
            throw new Invalid(path + ".revenue must be a number");
        }
        JsonNode currency = properties.get("currency");
        if (currency != null
                && !currency.isNull()
                && !(currency.isTextual() && CURRENCIES.contains(currency.asText()))) {
            throw new Invalid(path + ".currency must be an ISO 4217 currency code");
        }
        JsonNode productId = properties.get("product_id");
        if (productId != null && !productId.isNull() && !productId.isTextual()) {
            throw new Invalid(path + ".product_id must be a string");
        }
        JsonNode quantity = properties.get("quantity");
        if (quantity != null
                && !quantity.isNull()
                && !(quantity.isIntegralNumber() && quantity.canConvertToLong() && quantity.asLong() > 0)) {
            throw new Invalid(path + ".quantity must be a positive integer");
        }
        for (String op : new String[] {"$set", "$set_once"}) {
            JsonNode v = properties.get(op);
            if (v != null && !v.isObject()) {
                throw new Invalid(path + "." + op + " must be an object");
            }
        }
        JsonNode unset = properties.get("$unset");
        if (unset != null) {
            if (!unset.isArray()) {
                throw new Invalid(path + ".$unset must be an array of property names");
            }
            for (JsonNode key : unset) {
                if (!key.isTextual()) {
                    throw new Invalid(path + ".$unset must be an array of property names");
                }
            }
        }
        JsonNode token = properties.get(ADSERVICES_TOKEN);
        if (token != null && !token.isNull() && !token.isTextual()) {
            throw new Invalid(path + "." + ADSERVICES_TOKEN + " must be a string");
        }
    }

    private static void checkContext(ObjectNode context, String path) {
        for (String field : new String[] {"ip", "userAgent", "locale", "timezone"}) {
            JsonNode v = context.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw new Invalid(path + "." + field + " must be a string");
            }
        }
        JsonNode device = context.get("device");
        if (device != null && !device.isNull()) {
            if (!device.isObject()) {
                throw new Invalid(path + ".device must be an object");
            }
            JsonNode id = device.get("id");
            if (id != null
                    && !id.isNull()
                    && !(id.isTextual() && !id.asText().isEmpty() && id.asText().length() <= MAX_ID)) {
                throw new Invalid(path + ".device.id must be a string of 1-" + MAX_ID + " characters");
            }
            for (String field : DEVICE_IDS) {
                JsonNode v = device.get(field);
                if (v != null && !v.isNull() && !v.isTextual()) {
                    throw new Invalid(path + ".device." + field + " must be a string");
                }
            }
        }
        JsonNode att = context.get("attStatus");
        if (att != null && !att.isNull() && !(att.isTextual() && ATT_STATUSES.contains(att.asText()))) {
            throw new Invalid(path + ".attStatus must be one of authorized, denied, restricted, notDetermined");
        }
        JsonNode consent = context.get("consent");
        if (consent != null && !consent.isNull()) {
            if (!consent.isObject()) {
                throw new Invalid(path + ".consent must be an object");
            }
            for (String field : ConsentFields.ALL) {
                JsonNode v = consent.get(field);
                if (v != null && !v.isNull() && !v.isBoolean()) {
                    throw new Invalid(path + ".consent." + field + " must be a boolean");
                }
            }
        }
    }

    private static String requiredString(JsonNode node, String field, String path, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid(path + "." + field + " is required");
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            throw new Invalid(path + "." + field + " must be a string of 1-" + max + " characters");
        }
        return v.asText();
    }

    private static String optionalString(JsonNode node, String field, String path, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            throw new Invalid(path + "." + field + " must be a string of 1-" + max + " characters");
        }
        return v.asText();
    }

    private static ObjectNode optionalObject(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new Invalid(path + "." + field + " must be an object");
        }
        return (ObjectNode) v;
    }

    /**
     * Text that storage would change: U+0000 (PostgreSQL text and jsonb cannot hold it), an unpaired surrogate
     * (a {@code \ud800} escape: UTF-8 cannot encode it, PostgreSQL would store {@code ?}), and bytes that were not
     * valid UTF-8 (marked by {@link com.layers.telemetry.common.StrictUtf8}).
     */
    private static void checkText(String text, JsonPath path) {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw new Invalid(path + problem);
        }
    }

    /**
     * Where a node is, spelled out only when a message needs it: every node of every event is walked, and building
     * each one's path as a string was most of what validation allocated.
     */
    private record JsonPath(JsonPath parent, String name, int index) {
        static JsonPath root(String path) {
            return new JsonPath(null, path, -1);
        }

        JsonPath field(String field) {
            return new JsonPath(this, field, -1);
        }

        @Override
        public String toString() {
            return parent == null ? name : parent + (name != null ? "." + name : "[" + index + "]");
        }
    }

    /**
     * One pass over a JSON tree: refuses text storage would change ({@link #checkText}) and infinite numbers, and
     * measures nesting depth and an estimate of the serialised size.
     */
    private static final class Shape {
        int depth;
        long estimatedBytes;

        void walk(JsonNode node, JsonPath path, int level) {
            if (node.isObject()) {
                depth = Math.max(depth, level);
                estimatedBytes += 2;
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    checkText(f.getKey(), path);
                    estimatedBytes += f.getKey().length() + 4;
                    child(f.getValue(), path, f.getKey(), -1, level + 1);
                }
            } else if (node.isArray()) {
                depth = Math.max(depth, level);
                estimatedBytes += 2;
                for (int i = 0; i < node.size(); i++) {
                    estimatedBytes += 1;
                    child(node.get(i), path, null, i, level + 1);
                }
            } else {
                scalar(node, path, null, -1);
            }
        }

        /** A container's member: a path object is made only for a nested container. */
        private void child(JsonNode node, JsonPath parent, String field, int index, int level) {
            if (node.isContainerNode()) {
                walk(node, new JsonPath(parent, field, index), level);
            } else {
                scalar(node, parent, field, index);
            }
        }

        /** A scalar at {@code parent}'s {@code field} or {@code index} (neither: {@code parent} itself), named only if refused. */
        private void scalar(JsonNode node, JsonPath parent, String field, int index) {
            String problem = problem(node);
            if (problem != null) {
                throw new Invalid((field == null && index < 0 ? parent : new JsonPath(parent, field, index)) + problem);
            }
            estimatedBytes += node.isTextual() ? node.asText().length() + 2 : 8;
        }

        /** What is wrong with a scalar, or null. */
        private static String problem(JsonNode node) {
            if (node.isTextual()) {
                return StorableText.problem(node.asText());
            }
            // 1e999 parses as an infinite double: PostgreSQL cannot store it, and "Infinity" is not what was sent.
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                return " must be a finite number";
            }
            return null;
        }
    }
}
