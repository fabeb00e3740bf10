package com.layers.telemetry.conversions;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.TimeSource;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The daily conversions rollup: GET /v1/projects/{projectId}/conversions. */
@Path("/v1/projects/{projectId}")
@Tag(name = "Events")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.EVENTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ConversionsResource {
    private static final String CONVERSIONS_EXAMPLE = """
            {"since": "2026-10-23", "until": "2026-11-23", "data": [
              {"day": "2026-11-22", "eventName": "Purchase", "currency": "USD", "count": 3, "revenue": 59.97}]}""";
    private static final String DAY_OR_TIME = "^\\d{4}-\\d{2}-\\d{2}(T.+)?$";

    private final Caller caller;
    private final ReadAccess access;
    private final ConversionRepository conversions;
    private final TimeSource time;

    public ConversionsResource(Caller caller, ReadAccess access, ConversionRepository conversions, TimeSource time) {
        this.caller = caller;
        this.access = access;
        this.conversions = conversions;
        this.time = time;
    }

    @GET
    @Path("/conversions")
    @Operation(
            operationId = "getConversions",
            summary = "Conversions per UTC day, event name and currency",
            description = "Events that carry properties.revenue: count and revenue sum. since (inclusive) and until "
                    + "(exclusive) are dates or timestamps (their UTC day); default the last 30 days.")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ConversionReport.class),
                            examples = @ExampleObject(name = "conversions", value = CONVERSIONS_EXAMPLE)))
    public Uni<ConversionReport> conversions(
            @PathParam("projectId") String projectId,
            @Parameter(
                            description =
                                    "A date (2026-11-01) or an ISO-8601 timestamp, whose UTC day is meant; inclusive",
                            schema = @Schema(type = SchemaType.STRING, pattern = DAY_OR_TIME))
                    @QueryParam("since")
                    String since,
            @Parameter(
                            description = "A date or an ISO-8601 timestamp, whose UTC day is meant; exclusive",
                            schema = @Schema(type = SchemaType.STRING, pattern = DAY_OR_TIME))
                    @QueryParam("until")
                    String until) {
        LocalDate today = time.now().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate to = day(until, "until", today.plusDays(1));
        LocalDate from = day(since, "since", to.minusDays(30));
        if (!from.isBefore(to)) {
            throw ApiException.validation("since must be before until");
        }
        return access.open(caller, projectId).chain(redact -> conversions.between(projectId, from, to));
    }

    private static LocalDate day(String raw, String name, LocalDate fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            Instant instant = PageParams.instant(raw, name);
            return instant.atZone(ZoneOffset.UTC).toLocalDate();
        }
    }
}
