package com.layers.telemetry.relay;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import com.layers.telemetry.common.OpenApiContract;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A relay destination as the admin API shows it. The access token is write-only: always {@code "****"} here.
 * {@code pixelId} for Meta, {@code eventSourceId} (and optionally the store {@code appId}) for TikTok.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Destination(@Schema(enumeration = {"meta", "tiktok"}) String destination, String projectId, String sdkAppId,
        @Schema(description = "Meta only", extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true")) String pixelId,
        @Schema(description = "TikTok only", extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true")) String eventSourceId,
        @Schema(description = "TikTok only, when set", extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true")) String appId,
        @JsonProperty("accessToken") @Schema(enumeration = "****", description = "Always masked") String maskedAccessToken,
        @Schema(description = "Only when set", extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true")) String testEventCode,
        boolean enabled,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> eventMapping, boolean forwardUnmapped,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String MASK = "****";
}
