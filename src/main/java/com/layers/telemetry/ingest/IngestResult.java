package com.layers.telemetry.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 body of POST /v1/events: counts and one detail per input event, in input order. */
@RegisterForReflection
public record IngestResult(
        int accepted,
        int skipped,

        @Schema(description = "Events not accepted because their user is suppressed (README, Privacy)")
        int suppressed,

        int failed,
        List<Detail> details) {

    public static final String ACCEPTED = "accepted";
    public static final String SKIPPED = "skipped";
    public static final String SUPPRESSED = "suppressed";
    public static final String FAILED = "failed";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Detail(
            int index,

            @Schema(
                    description = "Absent when the event failed before it had one",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String eventId,

            @Schema(
                    enumeration = {ACCEPTED, SKIPPED, SUPPRESSED, FAILED},
                    description =
                            "accepted: published for storage; skipped: its eventId is already stored or earlier in "
                                    + "this batch; suppressed: its appUserId is suppressed (not stored); failed: see "
                                    + "error")
            String status,

            @Schema(
                    description = "Why the event failed (only then)",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String error) {}
}
