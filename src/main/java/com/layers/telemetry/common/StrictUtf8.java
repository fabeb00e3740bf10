package com.layers.telemetry.common;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes malformed UTF-8 visible to validation. Jackson's UTF-8 reader decodes some malformed sequences to a
 * character (the overlong {@code C0 AF} becomes {@code /}), so an event could be stored as something other than
 * what was sent. Before parsing, every malformed sequence is replaced by {@link #MALFORMED}, a noncharacter that
 * event validation refuses wherever it appears: only the event that carried the bad bytes fails.
 */
public final class StrictUtf8 {
    /** U+FFFF: a Unicode noncharacter, never valid in interchanged text. */
    public static final char MALFORMED = '\uffff';

    private StrictUtf8() {}

    /** {@code bytes} itself when it is valid UTF-8 (the common, all-ASCII case costs one scan), else a marked copy. */
    public static byte[] marked(byte[] bytes) {
        if (bytes == null || ascii(bytes)) {
            return bytes;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            strict.decode(ByteBuffer.wrap(bytes));
            return bytes;
        } catch (CharacterCodingException e) {
            CharBuffer text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .replaceWith(String.valueOf(MALFORMED))
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException(impossible);
            }
            ByteBuffer out = StandardCharsets.UTF_8.encode(text);
            byte[] copy = new byte[out.remaining()];
            out.get(copy);
            return copy;
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
