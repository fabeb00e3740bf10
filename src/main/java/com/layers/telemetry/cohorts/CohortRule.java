package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * A cohort's rule as parsed from its JSON (README, Cohorts): combinators over leaf conditions on the user's profile
 * and on their events in a trailing window. {@link CohortRuleParser} builds it; {@link CohortEvaluator} decides it.
 */
sealed interface CohortRule {
    record All(List<CohortRule> rules) implements CohortRule {}

    record Any(List<CohortRule> rules) implements CohortRule {}

    record Not(CohortRule rule) implements CohortRule {}

    /** A current property against a value; {@code value} is null for exists / not_exists. */
    record Property(String property, PropertyOp op, JsonNode value) implements CohortRule {}

    record Consent(String purpose, boolean is) implements CohortRule {}

    /** Events of a name, or the revenue of events in a currency, with {@code occurredAt} in the window. */
    record Window(WindowKey key, Comparison comparison) implements CohortRule {}

    record Seen(SeenField field, boolean within, Duration duration) implements CohortRule {}

    record Retention(int day, boolean is) implements CohortRule {}

    enum PropertyOp {
        EQ,
        NE,
        IN,
        NIN,
        GT,
        GTE,
        LT,
        LTE,
        EXISTS,
        NOT_EXISTS,
        CONTAINS
    }

    enum SeenField {
        FIRST_SEEN,
        LAST_SEEN
    }

    /**
     * What a window aggregates: the count of events named {@code event}, or (when {@code currency} is set) the sum of
     * the revenue of events in that currency, over {@code (now - within, now]}.
     */
    record WindowKey(String event, String currency, Duration within) {
        boolean revenue() {
            return currency != null;
        }
    }

    /** {@code {"gte": 2}}: one operator and its number. */
    record Comparison(CountOp op, BigDecimal value) {
        boolean test(BigDecimal actual) {
            int c = actual.compareTo(value);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
            };
        }
    }

    enum CountOp {
        EQ,
        NE,
        GT,
        GTE,
        LT,
        LTE
    }
}
