package com.layers.telemetry.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SdkApp(String id, String projectId, String name, String platform, RateLimit rateLimit,
        OffsetDateTime createdAt) {

    /** Per-app ingest limit; absent means the service defaults. */
    public record RateLimit(Integer eventsPerSecond, Integer burst) {
    }
}
