package com.layers.telemetry.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The listings' opaque keyset cursors: a page's last position as fields joined by U+001F, base64url without padding.
 * A cursor that is not one this API returned is a 400.
 */
public final class OpaqueCursor {
    private static final String SEP = "\u001f";

    private OpaqueCursor() {
    }

    public static String encode(String... fields) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join(SEP, fields).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position in {@code cursor}: {@code fields} parts read by {@code position}, which throws (any runtime
     * exception) on parts it does not accept. Blank means no cursor (null).
     */
    public static <T> T decode(String cursor, int fields, Function<List<String>, T> position) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEP, -1);
            if (parts.length != fields) {
                throw new IllegalArgumentException();
            }
            return position.apply(List.of(parts));
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor is not a cursor this API returned");
        }
    }
}
