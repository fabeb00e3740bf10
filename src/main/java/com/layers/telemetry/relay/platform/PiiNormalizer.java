package com.layers.telemetry.relay.platform;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Normalises customer information the way Meta's and TikTok's references say, then hashes it with SHA-256. A value
 * that already is 64 (or 32) hex characters is taken as hashed by the partner and passed through lower-cased,
 * never hashed twice; a value that normalises to nothing is dropped (empty), never sent empty.
 */
public final class PiiNormalizer {
    private static final Pattern HASHED = Pattern.compile("[0-9a-fA-F]{64}|[0-9a-fA-F]{32}");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Spaces of any kind at either end: Java's trim() and strip() keep U+00A0 and U+202F, common from autofill. */
    private static final Pattern OUTER_SPACE = Pattern.compile("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Map<String, String> STATES = states();
    private static final Map<String, String> COUNTRIES = countries();

    private PiiNormalizer() {}

    public static Optional<String> email(String raw) {
        return hashed(raw, v -> v.toLowerCase(Locale.ROOT));
    }

    /** A phone number as E.164 digits without the {@code +} (Meta's form), hashed. */
    public static Optional<String> phoneDigits(String raw, String locale) {
        return alreadyHashed(raw).or(() -> e164(raw, locale).map(e -> sha256(e.substring(1))));
    }

    /** A phone number in E.164 with its {@code +} (TikTok's form), hashed. */
    public static Optional<String> phoneE164(String raw, String locale) {
        return alreadyHashed(raw).or(() -> e164(raw, locale).map(PiiNormalizer::sha256));
    }

    /** Lower case, no whitespace anywhere (Meta's parameter builder for external_id), hashed. */
    public static Optional<String> lowerNoWhitespace(String raw) {
        return hashed(raw, v -> WHITESPACE.matcher(v.toLowerCase(Locale.ROOT)).replaceAll(""));
    }

    /** Lower-cased, spaces at the ends stripped (TikTok's external_id and IDFA), hashed. */
    public static Optional<String> lowerTrimmed(String raw) {
        return hashed(raw, v -> v.toLowerCase(Locale.ROOT));
    }

    /** First and last names: lower case, letters of any script, no punctuation or spaces. */
    public static Optional<String> name(String raw) {
        return hashed(
                raw,
                v -> NOT_LETTER_OR_DIGIT
                        .matcher(Normalizer.normalize(v.toLowerCase(Locale.ROOT), Normalizer.Form.NFC))
                        .replaceAll("")
                        .replaceAll("\\p{N}", ""));
    }

    public static Optional<String> city(String raw) {
        return hashed(
                raw,
                v -> NOT_LETTER_OR_DIGIT
                        .matcher(Normalizer.normalize(v.toLowerCase(Locale.ROOT), Normalizer.Form.NFC))
                        .replaceAll("")
                        .replaceAll("\\p{N}", ""));
    }

    /** Two-letter code, lower case; US state and Canadian province names map to their codes. */
    public static Optional<String> state(String raw) {
        return hashed(raw, v -> {
            String letters =
                    v.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "").trim();
            String code = STATES.get(letters.replace(" ", ""));
            if (code != null) {
                return code;
            }
            letters = letters.replace(" ", "");
            return letters.length() > 2 ? letters.substring(0, 2) : letters;
        });
    }

    /** Lower case, no spaces, the part before a dash; US ZIP+4 keeps its first five digits. */
    public static Optional<String> zip(String raw) {
        return hashed(raw, v -> {
            String z = v.toLowerCase(Locale.ROOT).split("-", 2)[0].replaceAll("\\s+", "");
            return z.matches("\\d{5,}") ? z.substring(0, 5) : z;
        });
    }

    /** ISO 3166-1 alpha-2, lower case; English country names map to their codes. */
    public static Optional<String> country(String raw) {
        return hashed(raw, v -> {
            String key = v.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            if (key.length() == 2) {
                return key;
            }
            return COUNTRIES.getOrDefault(key, "");
        });
    }

    /** {@code f} or {@code m}. */
    public static Optional<String> gender(String raw) {
        return hashed(raw, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "f", "female", "woman", "w" -> "f";
            case "m", "male", "man" -> "m";
            default -> "";
        });
    }

    /** YYYYMMDD from YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY, between 1900 and today. */
    public static Optional<String> dateOfBirth(String raw) {
        return hashed(raw, v -> {
            for (DateTimeFormatter f : new DateTimeFormatter[] {
                DateTimeFormatter.ISO_LOCAL_DATE,
                DateTimeFormatter.BASIC_ISO_DATE,
                DateTimeFormatter.ofPattern("M/d/uuuu")
            }) {
                try {
                    LocalDate d = LocalDate.parse(v, f);
                    if (d.getYear() >= 1900 && !d.isAfter(LocalDate.now())) {
                        return d.format(DateTimeFormatter.BASIC_ISO_DATE);
                    }
                } catch (DateTimeException ignored) {
                    // try the next format
                }
            }
            return "";
        });
    }

    public static String sha256(String normalised) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The region of a locale such as {@code en-US} or {@code en_US}, for numbers written without a country code. */
    public static String region(String locale) {
        if (locale == null) {
            return null;
        }
        String country = Locale.forLanguageTag(locale.replace('_', '-')).getCountry();
        return country.isEmpty() ? null : country;
    }

    private static Optional<String> e164(String raw, String locale) {
        if (raw == null || strip(raw).isEmpty()) {
            return Optional.empty();
        }
        // International prefixes written as 00 or +00 (Meta's own tests: "+001 (616) 954-78 88").
        String t = strip(raw).replaceFirst("^(\\+|00)0*", "+");
        try {
            Phonenumber.PhoneNumber n = PHONES.parse(t, t.startsWith("+") ? null : region(locale));
            return PHONES.isPossibleNumber(n)
                    ? Optional.of(PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public static String strip(String raw) {
        return OUTER_SPACE.matcher(raw).replaceAll("");
    }

    private static Optional<String> alreadyHashed(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String t = strip(raw);
        return HASHED.matcher(t).matches() ? Optional.of(t.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static Optional<String> hashed(String raw, UnaryOperator<String> normalise) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<String> given = alreadyHashed(raw);
        if (given.isPresent()) {
            return given;
        }
        String n = normalise.apply(strip(raw));
        return n.isEmpty() ? Optional.empty() : Optional.of(sha256(n));
    }

    private static Map<String, String> states() {
        String[][] pairs = {
            {"alabama", "al"},
            {"alaska", "ak"},
            {"arizona", "az"},
            {"arkansas", "ar"},
            {"california", "ca"},
            {"colorado", "co"},
            {"connecticut", "ct"},
            {"delaware", "de"},
            {"districtofcolumbia", "dc"},
            {"washingtondc", "dc"},
            {"florida", "fl"},
            {"georgia", "ga"},
            {"hawaii", "hi"},
            {"idaho", "id"},
            {"illinois", "il"},
            {"indiana", "in"},
            {"iowa", "ia"},
            {"kansas", "ks"},
            {"kentucky", "ky"},
            {"louisiana", "la"},
            {"maine", "me"},
            {"maryland", "md"},
            {"massachusetts", "ma"},
            {"michigan", "mi"},
            {"minnesota", "mn"},
            {"mississippi", "ms"},
            {"missouri", "mo"},
            {"montana", "mt"},
            {"nebraska", "ne"},
            {"nevada", "nv"},
            {"newhampshire", "nh"},
            {"newjersey", "nj"},
            {"newmexico", "nm"},
            {"newyork", "ny"},
            {"northcarolina", "nc"},
            {"northdakota", "nd"},
            {"ohio", "oh"},
            {"oklahoma", "ok"},
            {"oregon", "or"},
            {"pennsylvania", "pa"},
            {"rhodeisland", "ri"},
            {"southcarolina", "sc"},
            {"southdakota", "sd"},
            {"tennessee", "tn"},
            {"texas", "tx"},
            {"utah", "ut"},
            {"vermont", "vt"},
            {"virginia", "va"},
            {"washington", "wa"},
            {"westvirginia", "wv"},
            {"wisconsin", "wi"},
            {"wyoming", "wy"},
            {"alberta", "ab"},
            {"britishcolumbia", "bc"},
            {"manitoba", "mb"},
            {"newbrunswick", "nb"},
            {"newfoundlandandlabrador", "nl"},
            {"novascotia", "ns"},
            {"ontario", "on"},
            {"princeedwardisland", "pe"},
            {"quebec", "qc"},
            {"saskatchewan", "sk"},
            {"northwestterritories", "nt"},
            {"nunavut", "nu"},
            {"yukon", "yt"}
        };
        Map<String, String> m = new HashMap<>();
        for (String[] p : pairs) {
            m.put(p[0], p[1]);
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> countries() {
        Map<String, String> m = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            m.put(
                    new Locale("", code)
                            .getDisplayCountry(Locale.ENGLISH)
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z]", ""),
                    code.toLowerCase(Locale.ROOT));
        }
        m.put("usa", "us");
        m.put("unitedstatesofamerica", "us");
        m.put("uk", "gb");
        m.put("greatbritain", "gb");
        return Map.copyOf(m);
    }
}
