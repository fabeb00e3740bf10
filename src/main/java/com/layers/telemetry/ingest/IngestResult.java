package com.layers.telemetry.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The 202 body of POST /v1/events: counts and one detail per input event, in input order. */
@RegisterForReflection
public record IngestResult(int accepted, int skipped, int failed, List<Detail> details) {

    public static final String ACCEPTED = "accepted";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Detail(int index, String eventId, String status, String error) {
    }
}
