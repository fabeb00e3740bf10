package com.layers.telemetry.relay;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A relay destination as the admin API shows it. The access token is write-only: always {@code "****"} here. The
 * platform's own fields (its target, such as {@code pixelId}, and any optional ones it takes) appear as top-level
 * fields; the OpenAPI document lists them per platform ({@code RelayApiDocument}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Destination(
        String destination,
        String projectId,
        String sdkAppId,
        @JsonIgnore @Schema(hidden = true) Map<String, String> platformFields,

        @JsonProperty("accessToken") @Schema(enumeration = "****", description = "Always masked")
        String maskedAccessToken,

        @Schema(
                description = "Only when set",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        String testEventCode,

        boolean enabled,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> eventMapping,
        boolean forwardUnmapped,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static final String MASK = "****";

    /** The platform's fields, written as fields of the destination itself. */
    @JsonAnyGetter
    Map<String, String> platformFieldsAsJson() {
        return platformFields;
    }
}
