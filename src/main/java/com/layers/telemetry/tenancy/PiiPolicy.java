package com.layers.telemetry.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PII property keys (built-in plus the project's own) read {@code "[redacted]"} without {@code events:read+pii}. */
public final class PiiPolicy {
    public static final Set<String> BUILT_IN =
            Set.of("email", "phone", "name", "first_name", "last_name", "address", "ip");
    public static final TextNode REDACTED = TextNode.valueOf("[redacted]");

    private PiiPolicy() {}

    public static Set<String> keys(List<String> projectKeys) {
        Set<String> all = new HashSet<>(BUILT_IN);
        all.addAll(projectKeys);
        return all;
    }

    /** Redacts the top-level PII keys of an object in place. */
    public static ObjectNode redact(ObjectNode node, Set<String> keys) {
        if (node == null) {
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (keys.contains(f.getKey()) && !f.getValue().isNull()) {
                f.setValue(REDACTED);
            }
        }
        return node;
    }
}
