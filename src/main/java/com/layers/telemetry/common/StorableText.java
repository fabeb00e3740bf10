package com.layers.telemetry.common;

/** Text PostgreSQL would refuse or store as something else than what was sent. */
public final class StorableText {
    private StorableText() {}

    /**
     * What is wrong with {@code text}, phrased to follow its name (" must not contain …"), or null: U+0000 (text and
     * jsonb cannot hold it), an unpaired surrogate (a {@code \ud800} escape: UTF-8 cannot encode it, PostgreSQL would
     * store {@code ?}), or bytes that were not valid UTF-8 (marked by {@link StrictUtf8}).
     */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Nearly all text: one test per character (the mark and the surrogates all lie at U+D800 and above).
            if (c != '\0' && c < Character.MIN_SURROGATE) {
                continue;
            }
            if (c == '\0') {
                return " must not contain the NUL character";
            }
            if (c == StrictUtf8.MALFORMED) {
                return " is not valid UTF-8";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return " contains an unpaired surrogate (not valid Unicode)";
                }
            }
        }
        return null;
    }

    /** {@code text} with every NUL, unpaired surrogate and invalid-UTF-8 mark replaced by U+FFFD. */
    public static String sanitized(String text) {
        if (text == null || problem(text) == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else if (c == '\0' || c == StrictUtf8.MALFORMED || Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
