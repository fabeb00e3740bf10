package com.layers.telemetry.admin;

import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.auth.WriteKey;
import com.layers.telemetry.auth.WriteKeys;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Pages.DataList;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.SdkAppDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An SDK app's write keys: the public keys its apps ship with, for the SDK path and the Segment tracking API. */
@Path("/v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/write-keys")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
public class WriteKeyAdminResource {
    private final WriteKeys keys;
    private final ProjectGuard guard;
    private final SdkAppDirectory apps;

    public WriteKeyAdminResource(WriteKeys keys, ProjectGuard guard, SdkAppDirectory apps) {
        this.keys = keys;
        this.guard = guard;
        this.apps = apps;
    }

    @POST
    @Operation(
            operationId = "createWriteKey",
            summary = "Create a write key for an SDK app",
            description = "The key is shown once, in this answer only. It is public (it ships inside apps): it can "
                    + "only send events of its own app, never read.")
    @APIResponse(
            responseCode = "201",
            description = "The key, with writeKey (shown only here)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WriteKey.class)))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such project or SDK app")
    public Uni<Response> create(@PathParam("projectId") String projectId, @PathParam("sdkAppId") String sdkAppId) {
        return requireApp(projectId, sdkAppId)
                .chain(() -> keys.create(projectId, sdkAppId))
                .map(created -> created.orElseThrow(() -> noApp(projectId, sdkAppId)))
                .map(key -> Response.created(URI.create("/v1/admin/projects/" + projectId + "/sdk-apps/" + sdkAppId
                                + "/write-keys/" + key.writeKeyId()))
                        .entity(key)
                        .build());
    }

    @GET
    @Operation(operationId = "listWriteKeys", summary = "List an SDK app's write keys (never the keys themselves)")
    public Uni<DataList<WriteKey>> list(
            @PathParam("projectId") String projectId, @PathParam("sdkAppId") String sdkAppId) {
        return requireApp(projectId, sdkAppId)
                .chain(() -> keys.list(projectId, sdkAppId))
                .map(DataList::new);
    }

    @DELETE
    @Path("/{writeKeyId}")
    @Operation(
            operationId = "revokeWriteKey",
            summary = "Revoke a write key",
            description = "Idempotent. This instance refuses the key at once, every other one within "
                    + "telemetry.auth.write-key-refresh (2 s).")
    @APIResponse(responseCode = "204", description = "Revoked (also when it already was)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such project, SDK app or write key")
    public Uni<Response> revoke(
            @PathParam("projectId") String projectId,
            @PathParam("sdkAppId") String sdkAppId,
            @PathParam("writeKeyId") String writeKeyId) {
        return requireApp(projectId, sdkAppId)
                .chain(() -> keys.revoke(projectId, sdkAppId, writeKeyId))
                .map(found -> {
                    if (!found) {
                        throw ApiException.notFound("Write key " + writeKeyId + " not found");
                    }
                    return Response.noContent().build();
                });
    }

    private Uni<Void> requireApp(String projectId, String sdkAppId) {
        return guard.requireExists(projectId)
                .chain(() -> apps.find(projectId, sdkAppId))
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw noApp(projectId, sdkAppId);
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException noApp(String projectId, String sdkAppId) {
        return ApiException.notFound("SDK app " + sdkAppId + " not found in project " + projectId);
    }
}
