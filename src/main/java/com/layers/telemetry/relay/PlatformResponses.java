package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Reads Meta's and TikTok's answers. Meta: 2xx is success; errors carry {@code error.code}, and codes 1 and 2
 * (temporary), 4, 17 and 80003 (throttling), 341 and 368 (temporary limits) are retried, like HTTP 5xx and 429; any
 * other 4xx is final. TikTok answers HTTP 200 even on failure: {@code code} 0 is success, 40100 is throttling
 * (retry), any other code is final; HTTP 5xx and 429 are retried.
 */
final class PlatformResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> META_RETRY = Set.of(1, 2, 4, 17, 341, 368, 80003);

    private PlatformResponses() {
    }

    static SendResult meta(int status, String body) {
        JsonNode json = parse(body);
        JsonNode error = json.path("error");
        String trace = text(error.isMissingNode() ? json.path("fbtrace_id") : error.path("fbtrace_id"));
        if (status >= 200 && status < 300) {
            return new SendResult(SendResult.Outcome.SENT, status, null, null, trace, 0, null);
        }
        Integer code = error.path("code").isInt() ? error.path("code").asInt() : null;
        String subcode = error.path("error_subcode").isNumber() ? "/" + error.path("error_subcode").asText() : "";
        boolean retry = status >= 500 || status == 429 || (code != null && META_RETRY.contains(code));
        return new SendResult(retry ? SendResult.Outcome.RETRY : SendResult.Outcome.FAILED, status,
                code == null ? null : code + subcode, text(error.path("message")), trace, 0, null);
    }

    static SendResult tiktok(int status, String body) {
        JsonNode json = parse(body);
        String trace = text(json.path("request_id"));
        String message = text(json.path("message"));
        if (status >= 500 || status == 429) {
            return new SendResult(SendResult.Outcome.RETRY, status, text(json.path("code")), message, trace, 0, null);
        }
        if (status < 200 || status >= 300 || !json.path("code").isInt()) {
            return new SendResult(SendResult.Outcome.FAILED, status, text(json.path("code")), message, trace, 0, null);
        }
        int code = json.path("code").asInt();
        SendResult.Outcome outcome = code == 0 || code == 20001 ? SendResult.Outcome.SENT
                : code == 40100 ? SendResult.Outcome.RETRY : SendResult.Outcome.FAILED;
        return new SendResult(outcome, status, String.valueOf(code), message, trace, 0, null);
    }

    /** No answer at all (connection refused, reset, timeout): always worth a retry. */
    static SendResult unreachable(Throwable cause) {
        return new SendResult(SendResult.Outcome.RETRY, null, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                null, 0, null);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
