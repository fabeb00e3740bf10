package com.layers.telemetry.common;

import java.util.Collection;

/**
 * PostgreSQL array literals ({@code {"a","b"}}, {@code {1,2}}) for a parameter that is one array per row of a
 * set-based statement: unnest cannot take an array of arrays of different lengths, and the literal costs PostgreSQL
 * far less to read than JSON turned into an array.
 */
public final class SqlArrays {
    private SqlArrays() {}

    /** Every element double-quoted, with {@code "} and {@code \} escaped, so any text round-trips. */
    public static String textLiteral(Collection<String> values) {
        StringBuilder sb = new StringBuilder(2 + values.size() * 16).append('{');
        for (String v : values) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    public static String intLiteral(int[] values) {
        StringBuilder sb = new StringBuilder(2 + values.length * 3).append('{');
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.append('}').toString();
    }
}
