package com.layers.telemetry.relay;

import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Pages.DataList;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.SdkAppDirectory;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Relay destinations of an SDK app (scope {@code admin}). A change applies to every event stored after the call
 * answered: the storage transaction reads destinations itself, with no cache in between.
 */
@Path("/v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/destinations")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
public class DestinationResource {
    private final ProjectGuard guard;
    private final SdkAppDirectory apps;
    private final DestinationRepository destinations;
    private final TokenCipher cipher;
    private final Platforms platforms;

    DestinationResource(
            ProjectGuard guard,
            SdkAppDirectory apps,
            DestinationRepository destinations,
            TokenCipher cipher,
            Platforms platforms) {
        this.guard = guard;
        this.apps = apps;
        this.destinations = destinations;
        this.cipher = cipher;
        this.platforms = platforms;
    }

    @GET
    @Operation(
            operationId = "listDestinations",
            summary = "List an SDK app's relay destinations (access tokens never shown)")
    public Uni<DataList<Destination>> list(
            @PathParam("projectId") String projectId, @PathParam("sdkAppId") String sdkAppId) {
        return requireApp(projectId, sdkAppId)
                .chain(() -> destinations.list(projectId, sdkAppId))
                .map(DataList::new);
    }

    @PUT
    @Path("/{destination}")
    @Operation(
            operationId = "putDestination",
            summary = "Create or replace a relay destination",
            description =
                    "The platform's target field and access token, plus the fields every destination shares "
                            + "(testEventCode?, enabled?, eventMapping?, forwardUnmapped?) and the platform's optional ones; the "
                            + "body schema lists what each platform needs. The access token is stored encrypted and never returned.")
    public Uni<Destination> put(
            @PathParam("projectId") String projectId,
            @PathParam("sdkAppId") String sdkAppId,
            @PathParam("destination") String destination,
            DestinationRequest body) {
        PlatformAdapter platform = platform(destination);
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        Map<String, String> fields = body.validate(platform, platforms);
        return requireApp(projectId, sdkAppId)
                .chain(() -> Uni.createFrom()
                        .item(() -> cipher.encrypt(
                                body.accessToken(), TokenCipher.associatedData(projectId, sdkAppId, platform.id())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(sealedToken -> destinations.upsert(projectId, sdkAppId, platform, fields, sealedToken, body));
    }

    @DELETE
    @Path("/{destination}")
    @Operation(
            operationId = "deleteDestination",
            summary = "Remove a relay destination",
            description = "Idempotent. Events not yet sent to it are skipped.")
    @APIResponse(responseCode = "204", description = "Removed (also when it was not there)")
    public Uni<Response> delete(
            @PathParam("projectId") String projectId,
            @PathParam("sdkAppId") String sdkAppId,
            @PathParam("destination") String destination) {
        PlatformAdapter platform = platform(destination);
        return requireApp(projectId, sdkAppId)
                .chain(() -> destinations.delete(projectId, sdkAppId, platform))
                .map(v -> Response.noContent().build());
    }

    private Uni<Void> requireApp(String projectId, String sdkAppId) {
        return guard.requireExists(projectId)
                .chain(() -> apps.find(projectId, sdkAppId))
                .chain(app -> app.isPresent()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .failure(ApiException.notFound(
                                        "SDK app " + sdkAppId + " not found in project " + projectId)));
    }

    private PlatformAdapter platform(String destination) {
        return platforms
                .of(destination)
                .orElseThrow(() -> ApiException.notFound(
                        "No destination type " + destination + "; destinations are " + platforms.ids()));
    }
}
