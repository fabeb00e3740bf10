package com.layers.telemetry.relay.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers every adapter needs to read an answer and to list event names. */
public final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    /** The answer's JSON, or an empty object when there is none or it is not JSON (the status still decides). */
    public static JsonNode json(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** A field's text, or null when it is absent or null. */
    public static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** Event names the platform takes as they are. */
    public static Map<String, String> sameNames(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }
}
