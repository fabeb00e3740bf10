package com.layers.telemetry.ingest.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.StrictUtf8;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * A Segment tracking API request as sent: the body (inflated when {@code Content-Encoding: gzip}, never past the
 * batch limit) and the write key, from HTTP Basic (its user name) or the body's {@code writeKey}.
 */
record SegmentRequest(JsonNode body, int bytes, String writeKey) {
    static SegmentRequest read(
            ObjectMapper mapper, byte[] raw, String contentEncoding, String authorization, int maxBytes) {
        byte[] bytes = inflate(raw, contentEncoding, maxBytes);
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        JsonNode body;
        try {
            body = mapper.readTree(StrictUtf8.marked(bytes));
        } catch (JsonProcessingException e) {
            throw ApiException.validation("Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.validation("Request body could not be read");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        String key = basicUser(authorization);
        if (key == null) {
            JsonNode given = body.get("writeKey");
            key = given != null && given.isTextual() ? given.asText() : null;
        }
        return new SegmentRequest(body, bytes.length, key);
    }

    private static byte[] inflate(byte[] raw, String contentEncoding, int maxBytes) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
            throw ApiException.validation("Content-Encoding must be gzip or left out");
        }
        // Read one byte past the limit at most: a small body that inflates to gigabytes stops there.
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            byte[] out = in.readNBytes(maxBytes + 1);
            if (out.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return out;
        } catch (IOException e) {
            throw ApiException.validation("Request body is not valid gzip");
        }
    }

    /** HTTP Basic's user name (Segment's write key; the password is empty), or null without Basic. */
    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthenticated("The Authorization header's Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
    }

    private static ApiException tooLarge(int maxBytes) {
        return ApiException.validation(
                "Request body is larger than the " + maxBytes / 1024 + " KB batch limit of the Segment tracking API");
    }
}
