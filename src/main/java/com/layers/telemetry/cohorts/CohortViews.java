package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The cohort endpoints' bodies and answers (README, Cohorts). */
final class CohortViews {
    private CohortViews() {}

    /** PUT …/cohorts/{cohortId}. */
    @RegisterForReflection
    record PutCohort(
            @Schema(required = true, minLength = 1, maxLength = 200)
            String name,

            @Schema(required = true, implementation = CohortRuleSchema.Rule.class)
            JsonNode rule) {}

    @RegisterForReflection
    @Schema(name = "Cohort")
    record CohortView(
            String cohortId,
            String name,

            @Schema(implementation = CohortRuleSchema.Rule.class)
            JsonNode rule,

            @Schema(
                    enumeration = {"building", "ready"},
                    description = "building while the last change is evaluated over every user")
            String status,

            @Schema(description = "Users in the cohort now") long members,
            Progress progress,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time") String updatedAt) {}

    /** How far the evaluation of every user after the last change of the rule has come. */
    @RegisterForReflection
    @Schema(name = "CohortProgress")
    record Progress(
            @Schema(description = "Users evaluated since the last change")
            long evaluated,

            @Schema(description = "Users the last change queued (the project's users then)")
            long total) {}

    @RegisterForReflection
    @Schema(name = "CohortMember")
    record Member(
            String appUserId,

            @Schema(format = "date-time", description = "When the user last entered")
            String enteredAt) {}

    /** GET …/cohorts/{cohortId}/members. */
    @RegisterForReflection
    @Schema(name = "CohortMembersPage")
    record MembersPage(
            List<Member> members, @Schema(nullable = true) String nextCursor) {}
}
