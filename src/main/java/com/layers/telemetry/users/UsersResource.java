package com.layers.telemetry.users;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.Pages.OffsetPage;
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
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** User list, detail and event history (README, Reading user signal). */
@Path("/v1/projects/{projectId}/users")
@Tag(name = "Users")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.EVENTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    private final Caller caller;
    private final ReadAccess access;
    private final UserRepository users;

    public UsersResource(Caller caller, ReadAccess access, UserRepository users) {
        this.caller = caller;
        this.access = access;
        this.users = users;
    }

    @GET
    @Operation(
            operationId = "listUsers",
            summary = "Users, most recently seen first",
            description = "limit 1-200 (default 50), offset, total.")
    public Uni<OffsetPage<UserViews.UserSummary>> list(
            @PathParam("projectId") String projectId,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        int l = PageParams.limit(limit);
        int o = PageParams.offset(offset);
        return access.open(caller, projectId).chain(redact -> users.list(projectId, l, o));
    }

    @GET
    @Path("/{uid}")
    @Operation(operationId = "getUser", summary = "One user: device ids, first and last seen, event count, event types")
    public Uni<UserViews.UserDetail> detail(@PathParam("projectId") String projectId, @PathParam("uid") String uid) {
        return access.open(caller, projectId)
                .chain(redact -> users.detail(projectId, uid))
                .map(found -> found.orElseThrow(ApiException::userNotFound));
    }

    @GET
    @Path("/{uid}/events")
    @Operation(
            operationId = "listUserEvents",
            summary = "A user's events, newest first",
            description = "limit 1-200 (default 50), offset. pagination.asOf: pass it back as asOf on later pages to "
                    + "page over the events received up to then, so new events do not shift the offsets.")
    public Uni<OffsetPage<UserViews.UserEvent>> events(
            @PathParam("projectId") String projectId,
            @PathParam("uid") String uid,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset,
            @QueryParam("asOf") String asOf) {
        int l = PageParams.limit(limit);
        int o = PageParams.offset(offset);
        Instant snapshot = PageParams.instant(asOf, "asOf");
        // A snapshot on the receipt timeline (received_at), so the wall clock, not the read-time clock.
        Instant at = snapshot != null ? snapshot : Instant.now().truncatedTo(ChronoUnit.MICROS);
        return access.open(caller, projectId)
                .chain(redact -> users.exists(projectId, uid)
                        .chain(exists -> exists
                                ? users.events(projectId, uid, l, o, at, redact)
                                : Uni.createFrom().failure(ApiException.userNotFound())));
    }
}
