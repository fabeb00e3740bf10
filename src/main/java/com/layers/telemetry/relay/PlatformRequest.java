package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One request to a platform: where, with which headers, and the JSON body. {@code secret} (the access token, in the
 * URL for Meta and a header for TikTok) is what {@link #masked()} hides.
 */
record PlatformRequest(Platform platform, String url, Map<String, String> headers, ObjectNode body, String secret) {

    /** The request with its secret replaced by {@code ****}: what the stub records and what may be shown or logged. */
    ObjectNode masked() {
        ObjectNode out = body.objectNode();
        out.put("method", "POST");
        out.put("url", url.replace(secret, "****"));
        ObjectNode h = out.putObject("headers");
        headers.forEach((k, v) -> h.put(k, v.replace(secret, "****")));
        out.set("body", body);
        return out;
    }
}
