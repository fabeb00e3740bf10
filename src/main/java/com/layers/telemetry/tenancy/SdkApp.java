package com.layers.telemetry.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record SdkApp(String id, String projectId, String name, String platform, RateLimit rateLimit,
        OffsetDateTime createdAt) {

    /** Per-app ingest limit; absent means the service defaults. */
    @RegisterForReflection
    public record RateLimit(Integer eventsPerSecond, Integer burst) {
    }
}
