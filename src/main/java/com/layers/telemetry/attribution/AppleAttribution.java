package com.layers.telemetry.attribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Apple's attribution record, every field optional (Apple omits keywordId under search match, adId before iOS 15.2,
 * clickDate/impressionDate in the standard payload, and sends only {@code attribution} when there is no match).
 * Dates come as {@code 2024-10-08T17:17Z}, without seconds.
 */
record AppleAttribution(
        boolean attribution,
        Long orgId,
        Long campaignId,
        Long adGroupId,
        Long keywordId,
        Long adId,
        Long creativeSetId,
        String conversionType,
        String claimType,
        String countryOrRegion,
        Instant clickDate,
        Instant impressionDate,
        String supplyPlacement,
        JsonNode raw) {
    /** The campaign id of the fixed payload Apple returns to apps in developer mode. */
    static final long TEST_CAMPAIGN_ID = 1234567890L;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record in a 200 answer, or empty when the body is not one (not JSON, or no boolean {@code attribution}). */
    static Optional<AppleAttribution> parse(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !root.path("attribution").isBoolean()) {
            return Optional.empty();
        }
        return Optional.of(new AppleAttribution(
                root.get("attribution").asBoolean(),
                id(root, "orgId"),
                id(root, "campaignId"),
                id(root, "adGroupId"),
                id(root, "keywordId"),
                id(root, "adId"),
                id(root, "creativeSetId"),
                text(root, "conversionType"),
                text(root, "claimType"),
                text(root, "countryOrRegion"),
                date(root, "clickDate"),
                date(root, "impressionDate"),
                text(root, "supplyPlacement"),
                root));
    }

    /** Apple's developer-mode payload: kept, but not an install anyone paid for. */
    boolean testData() {
        return campaignId != null && campaignId == TEST_CAMPAIGN_ID;
    }

    /** What the exchange found: {@code attributed}, {@code organic} or {@code test_data}. */
    String outcome() {
        return !attribution ? "organic" : testData() ? "test_data" : "attributed";
    }

    /** A 64-bit id, as a JSON number or a string of digits; anything else is treated as absent (the raw answer keeps it). */
    private static Long id(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().matches("-?\\d{1,19}")) {
            BigInteger n = new BigInteger(v.asText());
            return n.bitLength() < 64 ? n.longValue() : null;
        }
        return null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static Instant date(JsonNode root, String field) {
        String v = text(root, field);
        if (v == null) {
            return null;
        }
        try {
            // ISO_OFFSET_DATE_TIME: seconds and fraction optional, any offset.
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
