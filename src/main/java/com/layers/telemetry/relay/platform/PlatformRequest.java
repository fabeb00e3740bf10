package com.layers.telemetry.relay.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One request to a platform: where, with which headers, and the JSON body. {@code secret} (the access token, wherever
 * the platform takes it: the URL, a header) is what {@link #masked()} hides. {@code platform} is the adapter's id.
 */
public record PlatformRequest(
        String platform, String url, Map<String, String> headers, ObjectNode body, String secret) {

    /** {@code base} (a configured URL, with or without a trailing slash) followed by {@code path}, which starts with /. */
    public static String url(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /** The request with its secret replaced by {@code ****}: what the stub records and what may be shown or logged. */
    public ObjectNode masked() {
        ObjectNode out = body.objectNode();
        out.put("method", "POST");
        out.put("url", url.replace(secret, "****"));
        ObjectNode h = out.putObject("headers");
        headers.forEach((k, v) -> h.put(k, v.replace(secret, "****")));
        out.set("body", body);
        return out;
    }
}
