package com.layers.telemetry.privacy;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Idempotency;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.event.EventIds;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.userdata.PrivacyConfig;
import com.layers.telemetry.userdata.UserBlocks;
import com.layers.telemetry.userdata.UserHashes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Privacy requests (erase, suppress, unsuppress users) and the suppression list (README, Privacy). */
@Path("/v1/projects/{projectId}/privacy")
@Tag(name = "Privacy")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Scopes.PRIVACY_WRITE, Scopes.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyResource {
    private static final int MAX_ID_LENGTH = 255;

    private final Caller caller;
    private final ProjectGuard guard;
    private final PrivacyRequestRepository requests;
    private final SuppressionRepository suppressions;
    private final Idempotency idempotency;
    private final UserHashes hashes;
    private final UserBlocks blocks;
    private final PrivacyConfig config;

    public PrivacyResource(
            Caller caller,
            ProjectGuard guard,
            PrivacyRequestRepository requests,
            SuppressionRepository suppressions,
            Idempotency idempotency,
            UserHashes hashes,
            UserBlocks blocks,
            PrivacyConfig config) {
        this.caller = caller;
        this.guard = guard;
        this.requests = requests;
        this.suppressions = suppressions;
        this.idempotency = idempotency;
        this.hashes = hashes;
        this.blocks = blocks;
        this.config = config;
    }

    @POST
    @Path("/requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createPrivacyRequest",
            summary = "Erase, suppress or unsuppress users",
            description = "Asynchronous: 202 with the request, worked off the request path (poll GET "
                    + "…/privacy/requests/{requestId}). suppress holds the users back from the answer on, on every "
                    + "instance within privacy.refresh; delete erases everything held about them, events still in "
                    + "Kafka included. Idempotency-Key is honoured as on POST /v1/events.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PrivacyViews.NewRequest.class)))
    @APIResponse(
            responseCode = "202",
            description = "Request recorded",
            content = @Content(schema = @Schema(implementation = PrivacyViews.Accepted.class)))
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_IN_PROGRESS")
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> create(
            @PathParam("projectId") String projectId,
            PrivacyViews.NewRequest body,
            @Parameter(description = "Per-request idempotency key (1-255 chars), kept 24 h")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey) {
        Idempotency.requireValidKey(idempotencyKey);
        PrivacyRequestType type = validType(body);
        List<String> ids = validIds(body);
        return guard.require(caller, projectId)
                .chain(() -> idempotency.once(
                        caller.subject(),
                        projectId,
                        "privacy-requests",
                        idempotencyKey,
                        requestHash(type, ids),
                        202,
                        () -> create(projectId, type, ids)))
                .map(Idempotency.Reply::response);
    }

    private Uni<PrivacyViews.Accepted> create(String projectId, PrivacyRequestType type, List<String> ids) {
        List<byte[]> userHashes =
                ids.stream().map(id -> hashes.of(projectId, id)).toList();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return requests.create(projectId, type, ids, userHashes, now, config.settle())
                // In force here before the answer; on the other instances within privacy.refresh.
                .call(() -> blocks.reload(projectId))
                .map(s -> new PrivacyViews.Accepted(
                        s.requestId(), s.type(), s.status(), s.users(), Timestamps.iso(s.createdAt())));
    }

    @GET
    @Path("/requests/{requestId}")
    @Operation(
            operationId = "getPrivacyRequest",
            summary = "One privacy request",
            description = "completedAt is null until completed; erased counts what the erasure removed, by kind. "
                    + "The request never shows the app user ids, only their count.")
    public Uni<PrivacyViews.Request> get(
            @PathParam("projectId") String projectId, @PathParam("requestId") String requestId) {
        return guard.require(caller, projectId)
                .chain(() -> requests.find(projectId, requestId))
                .map(found -> view(
                        found.orElseThrow(() -> ApiException.notFound("Privacy request " + requestId + " not found"))));
    }

    @GET
    @Path("/requests")
    @Operation(
            operationId = "listPrivacyRequests",
            summary = "Privacy requests, newest first",
            description = "limit 1-200 (default 50); pass nextCursor back as cursor for the next page (null on the "
                    + "last).")
    public Uni<CursorPage<PrivacyViews.Request>> list(
            @PathParam("projectId") String projectId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        int l = PageParams.limit(limit);
        RequestCursor after = RequestCursor.decode(cursor, projectId);
        return guard.require(caller, projectId)
                .chain(() -> requests.list(projectId, after, l))
                .map(rows -> CursorPage.of(
                        rows,
                        l,
                        PrivacyResource::view,
                        last -> new RequestCursor(last.createdAt().toInstant(), last.requestId()).encode(projectId)));
    }

    @GET
    @Path("/suppressions")
    @Operation(
            operationId = "listSuppressions",
            summary = "Suppressed users, as keyed hashes, most recently suppressed first",
            description = "limit 1-200 (default 50); pass nextCursor back as cursor for the next page (null on the "
                    + "last). The hashes cannot be turned back into ids; GET …/suppressions/{appUserId} checks one.")
    public Uni<CursorPage<PrivacyViews.Suppression>> suppressions(
            @PathParam("projectId") String projectId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        int l = PageParams.limit(limit);
        SuppressionCursor after = SuppressionCursor.decode(cursor, projectId);
        return guard.require(caller, projectId)
                .chain(() -> suppressions.list(projectId, after, l))
                .map(rows -> CursorPage.of(
                        rows,
                        l,
                        r -> new PrivacyViews.Suppression(UserHashes.text(r.userHash()), Timestamps.iso(r.since())),
                        last -> new SuppressionCursor(last.since().toInstant(), UserHashes.text(last.userHash()))
                                .encode(projectId)));
    }

    @GET
    @Path("/suppressions/{appUserId}")
    @Operation(
            operationId = "getSuppression",
            summary = "Whether a user is suppressed",
            description = "404 NOT_FOUND when the user is not suppressed.")
    public Uni<PrivacyViews.SuppressionStatus> suppression(
            @PathParam("projectId") String projectId, @PathParam("appUserId") String appUserId) {
        return guard.require(caller, projectId)
                .chain(() -> suppressions.since(projectId, hashes.of(projectId, appUserId)))
                .map(since -> new PrivacyViews.SuppressionStatus(
                        true,
                        Timestamps.iso(since.orElseThrow(
                                () -> ApiException.notFound("User " + appUserId + " is not suppressed")))));
    }

    private static PrivacyViews.Request view(PrivacyRequestRepository.Stored s) {
        return new PrivacyViews.Request(
                s.requestId(),
                s.type(),
                s.status(),
                s.users(),
                Timestamps.iso(s.createdAt()),
                s.completedAt() == null ? null : Timestamps.iso(s.completedAt()),
                PrivacyViews.Erased.of(s.erased()));
    }

    private static PrivacyRequestType validType(PrivacyViews.NewRequest body) {
        if (body == null) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        if (body.type() == null) {
            throw ApiException.validation("type is required: one of " + String.join(", ", PrivacyRequestType.IDS));
        }
        return PrivacyRequestType.of(body.type())
                .orElseThrow(() ->
                        ApiException.validation("type must be one of " + String.join(", ", PrivacyRequestType.IDS)));
    }

    private List<String> validIds(PrivacyViews.NewRequest body) {
        List<String> ids = body.appUserIds();
        int max = config.maxUsersPerRequest();
        if (ids == null || ids.isEmpty() || ids.size() > max) {
            throw ApiException.validation("appUserIds must list 1-" + max + " app user ids");
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
                throw ApiException.validation("appUserIds[" + i + "] must be a string of 1-255 characters");
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    private static String requestHash(PrivacyRequestType type, List<String> ids) {
        return type.id + ":" + EventIds.sha256Hex(String.join("\u0000", ids));
    }
}
