package com.layers.telemetry.attribution;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One Apple Ads attribution record as the docs shape it, with Apple's real values (null where Apple sent nothing)
 * and, additively, the fields the docs lack ({@code adId}, {@code claimType}, {@code impressionDate},
 * {@code supplyPlacement}, {@code testData}).
 */
@RegisterForReflection
@JsonPropertyOrder({
    "recordId",
    "appUserId",
    "appId",
    "attribution",
    "orgId",
    "campaignId",
    "adGroupId",
    "keywordId",
    "creativeSetId",
    "countryOrRegion",
    "conversionType",
    "clickDate",
    "installedAt",
    "reDownload",
    "exchangedAt",
    "adId",
    "claimType",
    "impressionDate",
    "supplyPlacement",
    "testData"
})
public record AttributionRecordView(
        @Schema(description = "Opaque id of the record (a UUID)")
        String recordId,

        @Schema(nullable = true) String appUserId,
        @Schema(description = "The SDK app id") String appId,

        @Schema(description = "Always the string \"true\": only attributed installs are listed", enumeration = "true")
        String attribution,

        @Schema(nullable = true) Long orgId,
        @Schema(nullable = true) Long campaignId,
        @Schema(nullable = true) Long adGroupId,

        @Schema(nullable = true, description = "Absent under search match")
        Long keywordId,

        @Schema(nullable = true, description = "Sent by Apple for devices before iOS 15.2")
        Long creativeSetId,

        @Schema(nullable = true) String countryOrRegion,

        @Schema(nullable = true, description = "Download, Redownload or PreOrder")
        String conversionType,

        @Schema(
                nullable = true,
                format = "date-time",
                description = "Detailed (ATT-authorized) tap-through payloads only")
        String clickDate,

        @Schema(format = "date-time", description = "The token event's occurredAt")
        String installedAt,

        @Schema(description = "conversionType == Redownload")
        boolean reDownload,

        @Schema(format = "date-time", description = "When Apple answered the exchange")
        String exchangedAt,

        @Schema(nullable = true, description = "iOS 15.2 and later")
        Long adId,

        @Schema(nullable = true, description = "Click or Impression")
        String claimType,

        @Schema(nullable = true, format = "date-time", description = "Detailed view-through payloads only")
        String impressionDate,

        @Schema(nullable = true) String supplyPlacement,

        @Schema(description = "Apple's developer-mode test payload (listed only with includeTestData=true)")
        boolean testData) {

    /** A page of records; {@code nextCursor} is null on the last page. */
    @RegisterForReflection
    public record Page(
            List<AttributionRecordView> records,
            @Schema(nullable = true) String nextCursor) {}
}
