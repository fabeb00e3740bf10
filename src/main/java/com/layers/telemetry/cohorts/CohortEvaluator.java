package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.userdata.ProfileProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Decides a rule for a user's facts at an instant, and says when the answer may next change with no new event (a
 * purchase leaving its window, a user turning inactive, a retention window closing), so the user is looked at again
 * then.
 */
final class CohortEvaluator {
    private CohortEvaluator() {}

    static boolean matches(CohortRule rule, CohortFacts f, Instant now) {
        if (rule instanceof CohortRule.All all) {
            return all.rules().stream().allMatch(r -> matches(r, f, now));
        } else if (rule instanceof CohortRule.Any any) {
            return any.rules().stream().anyMatch(r -> matches(r, f, now));
        } else if (rule instanceof CohortRule.Not not) {
            return !matches(not.rule(), f, now);
        } else if (rule instanceof CohortRule.Property p) {
            return property(p, f.properties().get(p.property()));
        } else if (rule instanceof CohortRule.Consent c) {
            JsonNode v = f.consent() == null ? null : f.consent().get(c.purpose());
            return v != null && v.isBoolean() && v.asBoolean() == c.is();
        } else if (rule instanceof CohortRule.Window w) {
            CohortFacts.WindowAggregate a = aggregate(w, f);
            return w.comparison().test(w.key().revenue() ? a.sum() : BigDecimal.valueOf(a.count()));
        } else if (rule instanceof CohortRule.Seen s) {
            // within d: at or after now - d; before d: earlier than now - d.
            return s.within() == !seen(s, f).isBefore(now.minus(s.duration()));
        }
        CohortRule.Retention r = (CohortRule.Retention) rule;
        Boolean state = ProfileProperties.retention(hit(r, f), f.firstSeen(), r.day(), now);
        return state != null && state == r.is();
    }

    /** The earliest instant after {@code now} at which the rule's answer may change without an event; null if never. */
    static Instant nextChange(CohortRule rule, CohortFacts f, Instant now) {
        if (rule instanceof CohortRule.All all) {
            return earliest(all.rules(), f, now);
        } else if (rule instanceof CohortRule.Any any) {
            return earliest(any.rules(), f, now);
        } else if (rule instanceof CohortRule.Not not) {
            return nextChange(not.rule(), f, now);
        } else if (rule instanceof CohortRule.Window w) {
            CohortFacts.WindowAggregate a = aggregate(w, f);
            // The oldest event leaves the window at oldest + within; a future-dated one enters it at its time.
            return min(
                    after(a.oldest() == null ? null : a.oldest().plus(w.key().within()), now),
                    after(a.nextFuture(), now));
        } else if (rule instanceof CohortRule.Seen s) {
            // The answer flips once now - d passes the instant: one microsecond after seen + d.
            return after(seen(s, f).plus(s.duration()).plusNanos(1000), now);
        } else if (rule instanceof CohortRule.Retention r) {
            return hit(r, f) ? null : after(ProfileProperties.retentionCloses(f.firstSeen(), r.day()), now);
        }
        return null; // properties and consent change only with events
    }

    private static CohortFacts.WindowAggregate aggregate(CohortRule.Window w, CohortFacts f) {
        return f.windows().getOrDefault(w.key(), CohortFacts.WindowAggregate.EMPTY);
    }

    private static Instant seen(CohortRule.Seen s, CohortFacts f) {
        return s.field() == CohortRule.SeenField.FIRST_SEEN ? f.firstSeen() : f.lastSeen();
    }

    private static boolean hit(CohortRule.Retention r, CohortFacts f) {
        return f.retentionHits().getOrDefault(r.day(), false);
    }

    private static Instant earliest(List<CohortRule> rules, CohortFacts f, Instant now) {
        Instant out = null;
        for (CohortRule r : rules) {
            out = min(out, nextChange(r, f, now));
        }
        return out;
    }

    private static boolean property(CohortRule.Property p, JsonNode actual) {
        boolean present = actual != null;
        return switch (p.op()) {
            case EXISTS -> present;
            case NOT_EXISTS -> !present;
            case EQ -> present && same(actual, p.value());
            case NE -> !present || !same(actual, p.value());
            case IN -> present && anySame(actual, p.value());
            case NIN -> !present || !anySame(actual, p.value());
            case GT, GTE, LT, LTE -> {
                if (!present || !actual.isNumber()) {
                    yield false;
                }
                int c = actual.decimalValue().compareTo(p.value().decimalValue());
                yield switch (p.op()) {
                    case GT -> c > 0;
                    case GTE -> c >= 0;
                    case LT -> c < 0;
                    default -> c <= 0;
                };
            }
            case CONTAINS -> {
                if (!present) {
                    yield false;
                }
                if (actual.isTextual()) {
                    yield p.value().isTextual()
                            && actual.asText().contains(p.value().asText());
                }
                yield actual.isArray() && anySame(p.value(), actual);
            }
        };
    }

    private static boolean anySame(JsonNode value, JsonNode list) {
        for (JsonNode candidate : list) {
            if (same(value, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** JSON equality, numbers by value (1 and 1.0 are the same). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static Instant after(Instant t, Instant now) {
        return t != null && t.isAfter(now) ? t : null;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
