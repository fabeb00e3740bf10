package com.layers.telemetry.rawevents;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/projects/{projectId}")
@Tag(name = "Events")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.EVENTS_READ)
@Produces(MediaType.APPLICATION_JSON)
/** The raw event log: GET /v1/projects/{projectId}/events. */
public class RawEventsResource {
    private static final String EVENTS_EXAMPLE = """
            {"data": [{"eventId": "evt_stripe_pi_3KZ4M2A", "sdkAppId": "app_demo", "name": "Purchase",
              "appUserId": "user_42", "occurredAt": "2026-11-22T07:32:11Z", "receivedAt": "2026-11-22T07:32:11.404Z",
              "deviceId": null, "properties": {"revenue": 19.99, "currency": "USD", "product_id": "premium_yearly"},
              "context": {"locale": "en-US"}}],
             "nextCursor": "MjAyNi0xMS0yMlQwNzozMjoxMVofZXZ0X3N0cmlwZV9waV8zS1o0TTJBH2FwcF9kZW1v"}""";
    private final Caller caller;
    private final ReadAccess access;
    private final RawEventRepository events;

    public RawEventsResource(Caller caller, ReadAccess access, RawEventRepository events) {
        this.caller = caller;
        this.access = access;
        this.events = events;
    }

    @GET
    @Path("/events")
    @Operation(
            operationId = "listEvents",
            summary = "Raw events, newest first",
            description = "Filters: userId, name, since (inclusive) and until (exclusive) on occurredAt. limit 1-200 "
                    + "(default 50); pass nextCursor back as cursor for the next page (null on the last). PII keys of "
                    + "properties and context are redacted and identity omitted unless the key has events:read+pii.")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RawEventRepository.Page.class),
                            examples = @ExampleObject(name = "events", value = EVENTS_EXAMPLE)))
    public Uni<RawEventRepository.Page> list(
            @PathParam("projectId") String projectId,
            @QueryParam("userId") String userId,
            @QueryParam("name") String name,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Instant from = PageParams.instant(since, "since");
        Instant to = PageParams.instant(until, "until");
        PageParams.requireOrdered(from, to);
        RawEventRepository.Filter filter = new RawEventRepository.Filter(
                PageParams.optional(userId),
                PageParams.optional(name),
                from,
                to,
                EventCursor.decode(cursor, projectId),
                PageParams.limit(limit));
        boolean pii = caller.hasScope(Scopes.EVENTS_READ_PII);
        return access.open(caller, projectId).chain(redact -> events.find(projectId, filter, redact, pii));
    }
}
