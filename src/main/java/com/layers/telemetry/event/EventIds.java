package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Generated event ids: {@code evt_} + the first 32 hex chars of SHA-256 over the RFC 8785 canonical JSON of
 * {@code {name, occurredAt (normalised instant), appUserId, properties}}, so the same event sent twice without an
 * id gets the same id whatever its key order, whitespace or time-zone offset.
 */
public final class EventIds {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventIds() {}

    public static String generate(String name, Instant occurredAt, String appUserId, JsonNode properties) {
        ObjectNode basis = JsonNodeFactory.instance.objectNode();
        basis.put("name", name);
        basis.put("occurredAt", occurredAt.toString());
        basis.put("appUserId", appUserId);
        basis.set("properties", properties);
        return "evt_" + sha256Hex(canonical(basis)).substring(0, 32);
    }

    /** RFC 8785 (JCS) canonical form of a JSON tree. */
    public static String canonical(JsonNode node) {
        try {
            return new JsonCanonicalizer(MAPPER.writeValueAsString(node)).getEncodedString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
