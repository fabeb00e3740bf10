package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.ConsentFields;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rule's JSON into a {@link CohortRule}, or refuses it with a 400 {@code VALIDATION} whose message starts
 * with the path of the bad node ({@code rule.all[1].count.gte must be …}).
 */
final class CohortRuleParser {
    static final Duration MIN_WINDOW = Duration.ofHours(1);
    static final Duration MAX_WINDOW = Duration.ofDays(90);
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([hd])");
    private static final Set<String> KINDS = Set.of(
            "all", "any", "not", "property", "consent", "event", "revenue", "firstSeen", "lastSeen", "retention");
    private static final Set<String> RETENTION_DAYS = Set.of("day1", "day7", "day30");

    private final int maxDepth;
    private final int maxConditions;
    private int conditions;

    private CohortRuleParser(int maxDepth, int maxConditions) {
        this.maxDepth = maxDepth;
        this.maxConditions = maxConditions;
    }

    /**
     * @param maxDepth combinators nested at most this deep
     * @param maxConditions leaf conditions in the whole rule at most
     */
    static CohortRule parse(JsonNode rule, int maxDepth, int maxConditions) {
        return new CohortRuleParser(maxDepth, maxConditions).node(rule, "rule", 0);
    }

    private CohortRule node(JsonNode n, String path, int depth) {
        if (n == null || !n.isObject()) {
            throw invalid(path, "must be an object");
        }
        List<String> kinds = new ArrayList<>();
        n.fieldNames().forEachRemaining(f -> {
            if (KINDS.contains(f)) {
                kinds.add(f);
            }
        });
        if (kinds.size() != 1) {
            throw invalid(
                    path,
                    "must have exactly one of " + String.join(", ", new TreeSet<>(KINDS))
                            + (kinds.isEmpty() ? "" : " (has " + String.join(", ", kinds) + ")"));
        }
        String kind = kinds.get(0);
        return switch (kind) {
            case "all", "any", "not" -> combinator(n, kind, path, depth + 1);
            default -> leaf(n, kind, path);
        };
    }

    private CohortRule combinator(JsonNode n, String kind, String path, int depth) {
        only(n, path, kind);
        if (depth > maxDepth) {
            throw invalid(path, "nests combinators more than " + maxDepth + " deep");
        }
        String inner = path + "." + kind;
        if (kind.equals("not")) {
            return new CohortRule.Not(node(n.get("not"), inner, depth));
        }
        JsonNode list = n.get(kind);
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(inner, "must be a non-empty array of rules");
        }
        List<CohortRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(node(list.get(i), inner + "[" + i + "]", depth));
        }
        return kind.equals("all") ? new CohortRule.All(rules) : new CohortRule.Any(rules);
    }

    private CohortRule leaf(JsonNode n, String kind, String path) {
        if (++conditions > maxConditions) {
            throw invalid(path, "is condition " + conditions + ": a rule has at most " + maxConditions + " conditions");
        }
        return switch (kind) {
            case "property" -> property(n, path);
            case "consent" -> consent(n, path);
            case "event" -> event(n, path);
            case "revenue" -> revenue(n, path);
            case "firstSeen", "lastSeen" -> seen(n, kind, path);
            default -> retention(n, path);
        };
    }

    private CohortRule property(JsonNode n, String path) {
        String name = text(n, "property", path, 255);
        String opText = text(n, "op", path, 32);
        CohortRule.PropertyOp op;
        try {
            op = CohortRule.PropertyOp.valueOf(opText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(
                    path + ".op", "must be one of eq, ne, in, nin, gt, gte, lt, lte, exists, not_exists, contains");
        }
        JsonNode value = n.get("value");
        switch (op) {
            case EXISTS, NOT_EXISTS -> {
                only(n, path, "property", "op");
                return new CohortRule.Property(name, op, null);
            }
            case IN, NIN -> {
                if (value == null || !value.isArray() || value.isEmpty()) {
                    throw invalid(path + ".value", "must be a non-empty array for " + opText);
                }
            }
            case GT, GTE, LT, LTE -> {
                if (value == null || !value.isNumber()) {
                    throw invalid(path + ".value", "must be a number for " + opText);
                }
            }
            case CONTAINS -> {
                if (value == null || value.isContainerNode() || value.isNull()) {
                    throw invalid(path + ".value", "must be a string, number or boolean for contains");
                }
            }
            default -> {
                if (value == null) {
                    throw invalid(path + ".value", "is required for " + opText);
                }
            }
        }
        only(n, path, "property", "op", "value");
        return new CohortRule.Property(name, op, value);
    }

    private CohortRule consent(JsonNode n, String path) {
        only(n, path, "consent", "is");
        String purpose = n.get("consent").isTextual() ? n.get("consent").asText() : null;
        if (purpose == null || !ConsentFields.PURPOSES.contains(purpose)) {
            throw invalid(path + ".consent", "must be one of " + String.join(", ", ConsentFields.PURPOSES));
        }
        return new CohortRule.Consent(purpose, bool(n, "is", path));
    }

    private CohortRule event(JsonNode n, String path) {
        only(n, path, "event", "within", "count");
        String name = text(n, "event", path, 128);
        Duration within = window(n, path);
        CohortRule.Comparison count = n.has("count")
                ? comparison(n.get("count"), path + ".count", true)
                : new CohortRule.Comparison(CohortRule.CountOp.GTE, BigDecimal.ONE);
        return new CohortRule.Window(new CohortRule.WindowKey(name, null, within), count);
    }

    private CohortRule revenue(JsonNode n, String path) {
        only(n, path, "revenue", "currency", "within");
        CohortRule.Comparison sum = comparison(n.get("revenue"), path + ".revenue", false);
        String currency = text(n, "currency", path, 3);
        if (!currency.matches("[A-Z]{3}")) {
            throw invalid(path + ".currency", "must be an ISO 4217 code such as USD");
        }
        return new CohortRule.Window(new CohortRule.WindowKey(null, currency, window(n, path)), sum);
    }

    private CohortRule seen(JsonNode n, String kind, String path) {
        only(n, path, kind);
        JsonNode body = n.get(kind);
        String inner = path + "." + kind;
        if (!body.isObject() || body.size() != 1 || !(body.has("within") || body.has("before"))) {
            throw invalid(inner, "must be {\"within\": duration} or {\"before\": duration}");
        }
        boolean within = body.has("within");
        Duration d = duration(body.get(within ? "within" : "before"), inner + (within ? ".within" : ".before"));
        return new CohortRule.Seen(
                kind.equals("firstSeen") ? CohortRule.SeenField.FIRST_SEEN : CohortRule.SeenField.LAST_SEEN, within, d);
    }

    private CohortRule retention(JsonNode n, String path) {
        only(n, path, "retention", "is");
        String day = n.get("retention").isTextual() ? n.get("retention").asText() : null;
        if (day == null || !RETENTION_DAYS.contains(day)) {
            throw invalid(path + ".retention", "must be one of day1, day7, day30");
        }
        return new CohortRule.Retention(Integer.parseInt(day.substring(3)), bool(n, "is", path));
    }

    private CohortRule.Comparison comparison(JsonNode n, String path, boolean count) {
        if (n == null || !n.isObject() || n.size() != 1) {
            throw invalid(path, "must be an object with one of eq, ne, gt, gte, lt, lte");
        }
        String op = n.fieldNames().next();
        CohortRule.CountOp parsed;
        try {
            parsed = CohortRule.CountOp.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(path, "must be an object with one of eq, ne, gt, gte, lt, lte");
        }
        JsonNode v = n.get(op);
        if (count ? !(v.canConvertToLong() && v.isIntegralNumber() && v.asLong() >= 0) : !v.isNumber()) {
            throw invalid(path + "." + op, count ? "must be a non-negative integer" : "must be a number");
        }
        return new CohortRule.Comparison(parsed, v.decimalValue());
    }

    private Duration window(JsonNode n, String path) {
        return duration(n.get("within"), path + ".within");
    }

    private static Duration duration(JsonNode v, String path) {
        Matcher m = v != null && v.isTextual() ? DURATION.matcher(v.asText()) : null;
        Duration d = null;
        if (m != null && m.matches()) {
            long amount = Long.parseLong(m.group(1));
            d = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        }
        if (d == null || d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            throw invalid(path, "must be a duration from 1h to 90d such as \"12h\" or \"30d\"");
        }
        return d;
    }

    private static String text(JsonNode n, String field, String path, int max) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            throw invalid(path + "." + field, "must be a string of 1-" + max + " characters");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw invalid(path + "." + field, "must be true or false");
        }
        return v.asBoolean();
    }

    /** Refuses fields the node kind does not take. */
    private static void only(JsonNode n, String path, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw invalid(path + "." + f, "is not a field of this condition");
            }
        }
    }

    private static ApiException invalid(String path, String message) {
        return ApiException.validation(path + " " + message);
    }
}
