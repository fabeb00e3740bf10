package com.layers.telemetry.relay;

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
public record Destination(String destination, String projectId, String sdkAppId, String pixelId, String eventSourceId,
        String appId, @JsonProperty("accessToken") String maskedAccessToken, String testEventCode, boolean enabled,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> eventMapping, boolean forwardUnmapped,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String MASK = "****";
}
