package com.layers.telemetry.admin;

import com.layers.telemetry.auth.ApiKey;
import com.layers.telemetry.auth.AuthConfig;
import com.layers.telemetry.auth.KeyMinter;
import com.layers.telemetry.auth.KeyRepository;
import com.layers.telemetry.auth.KeyRevocations;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Pages.DataList;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

@Path("/v1/admin/keys")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
public class KeyAdminResource {
    private final KeyMinter minter;
    private final KeyRepository keys;
    private final KeyRevocations revocations;
    private final AuthConfig config;

    public KeyAdminResource(KeyMinter minter, KeyRepository keys, KeyRevocations revocations, AuthConfig config) {
        this.minter = minter;
        this.keys = keys;
        this.revocations = revocations;
        this.config = config;
    }

    @POST
    @Operation(
            operationId = "createKey",
            summary = "Mint an API key",
            description = "The token is shown once, in this answer only.")
    @APIResponse(
            responseCode = "201",
            description = "The key, with its token (shown only here)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiKey.class)))
    public Uni<Response> create(AdminRequests.CreateKey body) {
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        body.validate();
        int days = body.expiresInDays() != null ? body.expiresInDays().intValue() : config.defaultKeyLifetimeDays();
        return Uni.createFrom()
                .item(() -> minter.mint(body.scopes(), body.projects(), days))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .call(key -> keys.insert(key, key.keyId()))
                .map(key -> Response.created(URI.create("/v1/admin/keys/" + key.keyId()))
                        .entity(new ApiKey(
                                key.keyId(), key.token(), key.scopes(), key.projects(), key.expiresAt(), null, null))
                        .build());
    }

    @GET
    @Operation(operationId = "listKeys", summary = "List minted keys (never their tokens)")
    public Uni<DataList<ApiKey>> list() {
        return keys.list().map(DataList::new);
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(
            operationId = "revokeKey",
            summary = "Revoke a key by its jti",
            description =
                    "Idempotent; works for keys minted elsewhere too. Every instance refuses the key within telemetry.auth.revocation-refresh.")
    @APIResponse(responseCode = "204", description = "Revoked (also when it already was)")
    public Uni<Response> revoke(@PathParam("keyId") String keyId) {
        if (keyId.isBlank() || keyId.length() > 255) {
            throw ApiException.validation("keyId must be 1-255 characters");
        }
        return revocations.revoke(keyId).map(v -> Response.noContent().build());
    }
}
