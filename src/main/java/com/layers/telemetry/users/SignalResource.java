package com.layers.telemetry.users;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.TimeSource;
import com.layers.telemetry.tenancy.ReadAccess;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/projects/{projectId}/users/{appUserId}/signal")
@Tag(name = "Users")
@SecurityRequirement(name = "bearer")
public class SignalResource {
    private static final String EXAMPLE = """
            {"appUserId": "user_a7f3c1d9", "firstSeen": "2026-03-28T14:02:11Z", "lastSeen": "2026-04-18T19:41:57Z",
             "eventCount30d": 214, "properties": {"plan": "pro", "locale": "en-US", "email": "[redacted]"},
             "consent": {"analytics": true, "marketing": false, "personalization": true, "capturedAt": "2026-03-28T14:02:14Z"},
             "cohorts": [], "retention": {"day1": true, "day7": true, "day30": false}, "refreshedAt": "2026-04-18T19:41:58Z"}""";

    private final Caller caller;
    private final ReadAccess access;
    private final SignalRepository signals;
    private final TimeSource time;

    public SignalResource(Caller caller, ReadAccess access, SignalRepository signals, TimeSource time) {
        this.caller = caller;
        this.access = access;
        this.signals = signals;
        this.time = time;
    }

    @GET
    @RolesAllowed(Scopes.EVENTS_READ)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getUserSignal",
            summary = "Merged view of one user",
            description = "Live (an accepted event shows within about a second). PII properties read [redacted] "
                    + "unless the key carries events:read+pii. refreshedAt is when this user's state last changed.")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UserViews.Signal.class),
                            examples = @ExampleObject(name = "signal", value = EXAMPLE)))
    @APIResponse(
            responseCode = "404",
            description = "NOT_FOUND: project does not exist, or no events for this appUserId")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: read budget exhausted")
    public Uni<UserViews.Signal> signal(
            @PathParam("projectId") String projectId, @PathParam("appUserId") String appUserId) {
        return access.open(caller, projectId)
                .chain(redact -> signals.find(projectId, appUserId, time.now(), redact))
                .map(found -> found.orElseThrow(
                        () -> ApiException.notFound("No events received yet for appUserId " + appUserId)));
    }
}
