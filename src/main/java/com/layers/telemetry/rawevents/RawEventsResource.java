package com.layers.telemetry.rawevents;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.Pages.CursorPage;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The raw event log: GET /v1/projects/{projectId}/events. */
@Path("/v1/projects/{projectId}")
@Tag(name = "Events")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.EVENTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class RawEventsResource {
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
    public Uni<CursorPage<RawEvent>> list(
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
