package com.layers.telemetry.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The listings' opaque keyset cursors: a page's last position as fields joined by U+001F, then a checksum, base64url
 * without padding. The checksum covers the listing and the project as well as the position, so a cursor that was
 * altered, cut short, or returned by another listing or for another project is a 400, never a page from the wrong
 * place. It is an integrity check, not a secret: a cursor only ever names a position in the caller's own data.
 */
public final class OpaqueCursor {
    private static final String SEP = "\u001f";
    private static final int CHECKSUM_BYTES = 8;

    private OpaqueCursor() {}

    public static String encode(String listing, String projectId, String... fields) {
        byte[] position = String.join(SEP, fields).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ByteBuffer.allocate(position.length + CHECKSUM_BYTES)
                        .put(position)
                        .put(checksum(listing, projectId, position))
                        .array());
    }

    /**
     * The position in {@code cursor}: {@code fields} parts read by {@code position}, which throws (any runtime
     * exception) on parts it does not accept. Blank means no cursor (null).
     */
    public static <T> T decode(
            String cursor, String listing, String projectId, int fields, Function<List<String>, T> position) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            if (raw.length < CHECKSUM_BYTES) {
                throw new IllegalArgumentException();
            }
            byte[] bytes = Arrays.copyOf(raw, raw.length - CHECKSUM_BYTES);
            byte[] sum = Arrays.copyOfRange(raw, raw.length - CHECKSUM_BYTES, raw.length);
            if (!MessageDigest.isEqual(sum, checksum(listing, projectId, bytes))) {
                throw new IllegalArgumentException();
            }
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(SEP, -1);
            if (parts.length != fields) {
                throw new IllegalArgumentException();
            }
            return position.apply(List.of(parts));
        } catch (RuntimeException e) {
            throw ApiException.validation(
                    "cursor is not one this listing returned for this project: pass nextCursor back unchanged");
        }
    }

    private static byte[] checksum(String listing, String projectId, byte[] position) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((listing + SEP + projectId + SEP).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha.digest(position), CHECKSUM_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
