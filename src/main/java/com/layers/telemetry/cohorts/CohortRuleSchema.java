package com.layers.telemetry.cohorts;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Document only: the rule schema as the OpenAPI document shows it (CohortRuleParser is the contract it describes). */
final class CohortRuleSchema {
    private CohortRuleSchema() {}

    private static final String DURATION = "^[1-9][0-9]{0,5}[hd]$";

    @Schema(
            name = "CohortRule",
            description = "One node: a combinator (all, any, not; at most cohorts.max-depth nested) or a condition (at "
                    + "most cohorts.max-conditions per rule). Durations are 1h to 90d, as \"12h\" or \"30d\".",
            oneOf = {
                All.class,
                AnyOf.class,
                Not.class,
                Property.class,
                Consent.class,
                Event.class,
                Revenue.class,
                FirstSeen.class,
                LastSeen.class,
                Retention.class
            })
    interface Rule {}

    @Schema(name = "CohortRuleAll", description = "Every rule matches")
    record All(@Schema(required = true, minItems = 1) List<Rule> all) {}

    @Schema(name = "CohortRuleAny", description = "At least one rule matches")
    record AnyOf(@Schema(required = true, minItems = 1) List<Rule> any) {}

    @Schema(name = "CohortRuleNot", description = "The rule does not match")
    record Not(@Schema(required = true) Rule not) {}

    @Schema(
            name = "CohortRuleProperty",
            description = "A current property of the user. A missing property matches only ne, nin and not_exists; "
                    + "gt, gte, lt, lte compare numbers; contains looks in strings and arrays.")
    record Property(
            @Schema(required = true, maxLength = 255) String property,

            @Schema(
                    required = true,
                    enumeration = {"eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "exists", "not_exists", "contains"
                    })
            String op,

            @Schema(description = "Required except for exists and not_exists; an array for in and nin")
            Object value) {}

    @Schema(name = "CohortRuleConsent", description = "The latest consent; one never captured matches neither way")
    record Consent(
            @Schema(
                    required = true,
                    enumeration = {"analytics", "marketing", "personalization"})
            String consent,

            @Schema(required = true) boolean is) {}

    @Schema(name = "CohortRuleEvent", description = "Events of a name with occurredAt in the last `within`")
    record Event(
            @Schema(required = true, maxLength = 128) String event,
            @Schema(required = true, pattern = DURATION) String within,

            @Schema(description = "Default {\"gte\": 1}; {\"eq\": 0} means did not")
            Count count) {}

    @Schema(name = "CohortRuleRevenue", description = "The sum of revenue of events in a currency in the last `within`")
    record Revenue(
            @Schema(required = true) Count revenue,
            @Schema(required = true, pattern = "^[A-Z]{3}$") String currency,
            @Schema(required = true, pattern = DURATION) String within) {}

    @Schema(name = "CohortRuleFirstSeen")
    record FirstSeen(@Schema(required = true) Seen firstSeen) {}

    @Schema(name = "CohortRuleLastSeen", description = "Inactive users: {\"lastSeen\": {\"before\": \"14d\"}}")
    record LastSeen(@Schema(required = true) Seen lastSeen) {}

    @Schema(name = "CohortRuleSeen", description = "Exactly one of within (at most that long ago) and before")
    record Seen(
            @Schema(pattern = DURATION) String within,
            @Schema(pattern = DURATION) String before) {}

    @Schema(name = "CohortRuleRetention", description = "The signal's retention window: true, or false once closed")
    record Retention(
            @Schema(
                    required = true,
                    enumeration = {"day1", "day7", "day30"})
            String retention,

            @Schema(required = true) boolean is) {}

    @Schema(
            name = "CohortRuleCount",
            type = SchemaType.OBJECT,
            description = "Exactly one of eq, ne, gt, gte, lt, lte with its number",
            minProperties = 1,
            maxProperties = 1)
    interface Count extends Map<String, Number> {}
}
