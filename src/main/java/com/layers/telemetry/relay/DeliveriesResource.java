package com.layers.telemetry.relay;

import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.tenancy.ProjectGuard;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the relay did with each event (scope {@code admin}). */
@Path("/v1/admin/projects/{projectId}/relay/deliveries")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
public class DeliveriesResource {
    private static final Set<String> STATUSES = Set.of("pending", "sent", "failed", "skipped");
    private final ProjectGuard guard;
    private final DeliveryRepository deliveries;
    private final Platforms platforms;

    DeliveriesResource(ProjectGuard guard, DeliveryRepository deliveries, Platforms platforms) {
        this.guard = guard;
        this.deliveries = deliveries;
        this.platforms = platforms;
    }

    @GET
    @Operation(
            operationId = "listRelayDeliveries",
            summary = "Relay deliveries: each event's outcome per destination, with every attempt",
            description =
                    "status pending|sent|failed|skipped; reason for skipped and failed; attempts with HTTP status, the "
                            + "platform's code, message and trace id, and the exact request for stub sends (secrets masked). "
                            + "Ordered by (sdkAppId, eventId, destination); pass nextCursor back as cursor.")
    public Uni<CursorPage<DeliveryView>> list(
            @PathParam("projectId") String projectId,
            @QueryParam("eventId") String eventId,
            @QueryParam("destination") String destination,
            @Parameter(schema = @Schema(enumeration = {"pending", "sent", "failed", "skipped"})) @QueryParam("status")
                    String status,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        if (destination != null
                && !destination.isEmpty()
                && platforms.of(destination).isEmpty()) {
            throw ApiException.validation("destination must be one of " + platforms.ids());
        }
        if (status != null && !status.isEmpty() && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of pending, sent, failed, skipped");
        }
        int l = PageParams.limit(limit);
        DeliveryRepository.After after = DeliveryCursor.decode(cursor, projectId);
        return guard.requireExists(projectId)
                .chain(() -> deliveries.page(
                        projectId,
                        PageParams.optional(eventId),
                        PageParams.optional(destination),
                        PageParams.optional(status),
                        after,
                        l));
    }
}
