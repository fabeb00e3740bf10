package com.layers.telemetry.relay;

import com.layers.telemetry.common.ApiException;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT …/destinations/{meta|tiktok}}, validated per platform. */
@Schema(description = "meta needs pixelId and accessToken; tiktok needs eventSourceId and accessToken (appId is TikTok's only)",
        anyOf = {DestinationRequest.MetaFields.class, DestinationRequest.TikTokFields.class})
public record DestinationRequest(
        @Schema(pattern = TARGET_PATTERN, description = "Meta: the pixel (dataset) id") String pixelId,
        @Schema(pattern = TARGET_PATTERN, description = "TikTok: the event source (app) id") String eventSourceId,
        @Schema(pattern = TARGET_PATTERN, description = "TikTok: the store app id, sent as app.app_id") String appId,
        @Schema(minLength = 1, maxLength = 2048, pattern = "^[\\x21-\\x7e]+$", description = "Write-only: stored encrypted, never returned")
        String accessToken,
        @Schema(minLength = 1, maxLength = 64) String testEventCode,
        @Schema(description = "Default true") Boolean enabled,
        @Schema(description = "Event name -> platform name (1-128 characters each), or null to never send that name")
        Map<String, String> eventMapping,
        @Schema(description = "Send names without a mapping as they are (default false)") Boolean forwardUnmapped) {
    private static final String TARGET_PATTERN = "^[A-Za-z0-9_-]{1,64}$";

    /** What a Meta destination needs (document only). */
    @Schema(name = "MetaDestinationFields", requiredProperties = {"pixelId", "accessToken"})
    interface MetaFields {
    }

    /** What a TikTok destination needs (document only). */
    @Schema(name = "TikTokDestinationFields", requiredProperties = {"eventSourceId", "accessToken"})
    interface TikTokFields {
    }

    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The platform's id field (pixelId or eventSourceId), checked. */
    String target(Platform platform) {
        String field = platform == Platform.META ? "pixelId" : "eventSourceId";
        String value = platform == Platform.META ? pixelId : eventSourceId;
        if (value == null) {
            throw ApiException.validation(field + " is required");
        }
        if (!TARGET.matcher(value).matches()) {
            throw ApiException.validation(field + " must be 1-64 letters, digits, '_' or '-'");
        }
        return value;
    }

    void validate(Platform platform) {
        target(platform);
        if (accessToken == null || accessToken.isBlank()) {
            throw ApiException.validation("accessToken is required");
        }
        if (accessToken.length() > 2048 || accessToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw ApiException.validation("accessToken must be up to 2048 printable characters without spaces");
        }
        if (testEventCode != null && (testEventCode.isBlank() || testEventCode.length() > 64)) {
            throw ApiException.validation("testEventCode must be 1-64 characters");
        }
        if (platform == Platform.META && appId != null) {
            throw ApiException.validation("appId applies to TikTok destinations only");
        }
        if (appId != null && !TARGET.matcher(appId).matches()) {
            throw ApiException.validation("appId must be 1-64 letters, digits, '_' or '-'");
        }
        if (eventMapping != null) {
            eventMapping.forEach((from, to) -> {
                if (from.isEmpty() || from.length() > 128 || (to != null && (to.isBlank() || to.length() > 128))) {
                    throw ApiException.validation("eventMapping maps event names (1-128 characters) to platform names (1-128 characters) or null");
                }
            });
        }
    }
}
