package com.layers.telemetry.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record SdkApp(
        String id,
        String projectId,
        String name,
        String platform,

        @Schema(
                description = "Only when the app has its own",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        RateLimit rateLimit,

        OffsetDateTime createdAt) {

    /** Per-app ingest limit; absent means the service defaults. */
    @RegisterForReflection
    public record RateLimit(
            @Schema(minimum = "1", nullable = true) Integer eventsPerSecond,
            @Schema(minimum = "1", nullable = true) Integer burst) {}
}
