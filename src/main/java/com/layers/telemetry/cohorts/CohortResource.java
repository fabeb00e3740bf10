package com.layers.telemetry.cohorts;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.PageParams;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.common.Pages.DataList;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.ReadAccess;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Rule-based cohorts, kept live per user, and their members (README, Cohorts). */
@Path("/v1/projects/{projectId}/cohorts")
@Tag(name = "Cohorts")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Scopes.EVENTS_READ, Scopes.COHORTS_WRITE, Scopes.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class CohortResource {
    private static final Pattern COHORT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Caller caller;
    private final ProjectGuard guard;
    private final CohortRepository cohorts;
    private final CohortConfig config;
    private final ReadAccess reads;

    public CohortResource(
            Caller caller, ProjectGuard guard, CohortRepository cohorts, CohortConfig config, ReadAccess reads) {
        this.caller = caller;
        this.guard = guard;
        this.cohorts = cohorts;
        this.config = config;
        this.reads = reads;
    }

    @PUT
    @Path("/{cohortId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Scopes.COHORTS_WRITE, Scopes.ADMIN})
    @Operation(
            operationId = "putCohort",
            summary = "Create or change a cohort",
            description = "A new or changed rule is evaluated over every user of the project (status building, then "
                    + "ready); meanwhile members are those of the previous rule. The same name and rule again "
                    + "change nothing.")
    @APIResponse(
            responseCode = "200",
            description = "Changed (or unchanged)",
            content = @Content(schema = @Schema(implementation = CohortViews.CohortView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = CohortViews.CohortView.class)))
    public Uni<Response> put(
            @PathParam("projectId") String projectId,
            @Parameter(schema = @Schema(pattern = "^[A-Za-z0-9_-]{1,64}$")) @PathParam("cohortId") String cohortId,
            CohortViews.PutCohort body) {
        validId(cohortId);
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        if (body.name() == null || body.name().isEmpty() || body.name().length() > 200) {
            throw ApiException.validation("name must be a string of 1-200 characters");
        }
        CohortRuleParser.parse(body.rule(), config.maxDepth(), config.maxConditions());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return guard.require(caller, projectId)
                .chain(() -> cohorts.save(projectId, cohortId, body.name(), body.rule(), config.maxPerProject(), now))
                .chain(saved -> switch (saved) {
                    case NO_PROJECT -> Uni.createFrom().failure(ProjectGuard.notFound(projectId));
                    case LIMIT_REACHED ->
                        Uni.createFrom()
                                .failure(ApiException.validation("project " + projectId + " already has "
                                        + config.maxPerProject() + " cohorts, the most it may have"));
                    default ->
                        find(projectId, cohortId)
                                .map(view -> Response.status(saved == CohortRepository.Saved.CREATED ? 201 : 200)
                                        .entity(view)
                                        .build());
                });
    }

    @GET
    @Operation(operationId = "listCohorts", summary = "Every cohort of the project, by id, with member counts")
    public Uni<DataList<CohortViews.CohortView>> list(@PathParam("projectId") String projectId) {
        return reads.open(caller, projectId)
                .chain(() -> cohorts.list(projectId))
                .map(all ->
                        new DataList<>(all.stream().map(CohortResource::view).toList()));
    }

    @GET
    @Path("/{cohortId}")
    @Operation(operationId = "getCohort", summary = "One cohort")
    public Uni<CohortViews.CohortView> get(
            @PathParam("projectId") String projectId, @PathParam("cohortId") String cohortId) {
        return reads.open(caller, projectId).chain(() -> find(projectId, cohortId));
    }

    @DELETE
    @Path("/{cohortId}")
    @RolesAllowed({Scopes.COHORTS_WRITE, Scopes.ADMIN})
    @Operation(
            operationId = "deleteCohort",
            summary = "Delete a cohort",
            description = "It leaves every signal at once, with its members.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("projectId") String projectId, @PathParam("cohortId") String cohortId) {
        return guard.require(caller, projectId)
                .chain(() -> cohorts.delete(projectId, cohortId))
                .map(found -> {
                    if (!found) {
                        throw notFound(cohortId);
                    }
                    return Response.noContent().build();
                });
    }

    @GET
    @Path("/{cohortId}/members")
    @Operation(
            operationId = "listCohortMembers",
            summary = "The cohort's members now, by app user id",
            description = "limit 1-200 (default 50); pass nextCursor back as cursor for the next page (null on the "
                    + "last). enteredSince keeps the users who (last) entered at or after that instant.")
    public Uni<CohortViews.MembersPage> members(
            @PathParam("projectId") String projectId,
            @PathParam("cohortId") String cohortId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit,
            @Parameter(schema = @Schema(format = "date-time")) @QueryParam("enteredSince") String enteredSince) {
        int l = PageParams.limit(limit);
        Instant since = PageParams.instant(enteredSince, "enteredSince");
        String after = MemberCursor.decode(cursor, projectId, cohortId);
        return reads.open(caller, projectId)
                .chain(() -> find(projectId, cohortId))
                .chain(() -> cohorts.members(projectId, cohortId, after, since, l))
                .map(rows -> {
                    CursorPage<CohortViews.Member> page = CursorPage.of(
                            rows,
                            l,
                            m -> new CohortViews.Member(m.appUserId(), Timestamps.iso(m.enteredAt())),
                            last -> MemberCursor.encode(projectId, cohortId, last.appUserId()));
                    return new CohortViews.MembersPage(page.data(), page.nextCursor());
                });
    }

    private Uni<CohortViews.CohortView> find(String projectId, String cohortId) {
        return cohorts.find(projectId, cohortId).map(found -> view(found.orElseThrow(() -> notFound(cohortId))));
    }

    private static CohortViews.CohortView view(Cohort c) {
        long evaluated = Math.max(0, c.backfillUsers() - c.pending());
        return new CohortViews.CohortView(
                c.cohortId(),
                c.name(),
                c.rule(),
                c.pending() > 0 ? "building" : "ready",
                c.members(),
                new CohortViews.Progress(c.pending() > 0 ? evaluated : c.backfillUsers(), c.backfillUsers()),
                Timestamps.iso(c.createdAt()),
                Timestamps.iso(c.updatedAt()));
    }

    private static void validId(String cohortId) {
        if (!COHORT_ID.matcher(cohortId).matches()) {
            throw ApiException.validation("cohortId must be 1-64 of A-Z a-z 0-9 _ -");
        }
    }

    private static ApiException notFound(String cohortId) {
        return ApiException.notFound("Cohort " + cohortId + " not found");
    }
}
