package com.layers.telemetry.attribution;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.tenancy.ReadAccess;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/projects/{projectId}/apple-ads-attribution")
@Tag(name = "Attribution")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.EVENTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class AppleAdsAttributionResource {
    private static final String EXAMPLE = """
            {"records": [{"recordId": "019ab2f4-6c1e-7d3a-9f4b-2a6c8e1d0b57", "appUserId": "user_a7f3c1d9", "appId": "app_demo",
              "attribution": "true", "orgId": 40669820, "campaignId": 542370539, "adGroupId": 542317095, "keywordId": 87675432,
              "creativeSetId": null, "countryOrRegion": "US", "conversionType": "Download", "clickDate": "2026-11-22T17:17:00Z",
              "installedAt": "2026-11-22T17:20:41Z", "reDownload": false, "exchangedAt": "2026-11-22T17:20:43.512Z",
              "adId": 542317136, "claimType": "Click", "impressionDate": null, "supplyPlacement": "APPSTORE_SEARCH_RESULTS",
              "testData": false}],
             "nextCursor": null}""";

    private final Caller caller;
    private final ReadAccess access;
    private final AttributionRepository records;

    AppleAdsAttributionResource(Caller caller, ReadAccess access, AttributionRepository records) {
        this.caller = caller;
        this.access = access;
        this.records = records;
    }

    @GET
    @Operation(
            operationId = "listAppleAdsAttribution",
            summary = "Apple Search Ads attribution records",
            description =
                    "Installs Apple attributed to an Apple Ads campaign (AdServices token exchange), with every field Apple "
                            + "returned. Organic installs and ATT-denied devices are not listed; Apple's developer-mode test payload only "
                            + "with includeTestData=true. Filters: userId, since (inclusive) and until (exclusive) on installedAt. "
                            + "Ascending (installedAt, recordId); limit 1-200 (default 50); pass nextCursor back as cursor (null on "
                            + "the last page).")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AttributionRecordView.Page.class),
                            examples = @ExampleObject(name = "records", value = EXAMPLE)))
    public Uni<AttributionRecordView.Page> list(
            @PathParam("projectId") String projectId,
            @QueryParam("userId") String userId,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit,
            @Parameter(schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("includeTestData")
                    String includeTestData) {
        Instant from = PageParams.instant(since, "since");
        Instant to = PageParams.instant(until, "until");
        PageParams.requireOrdered(from, to);
        AttributionRepository.Filter filter = new AttributionRepository.Filter(
                PageParams.optional(userId),
                from,
                to,
                AttributionCursor.decode(cursor, projectId),
                PageParams.limit(limit),
                flag(includeTestData));
        return access.open(caller, projectId).chain(redact -> records.page(projectId, filter));
    }

    private static boolean flag(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw ApiException.validation("includeTestData must be true or false");
    }
}
