package com.layers.telemetry.admin;

import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.Pages.DataList;
import com.layers.telemetry.common.PgErrors;
import com.layers.telemetry.tenancy.Project;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.ProjectRepository;
import com.layers.telemetry.tenancy.SdkApp;
import com.layers.telemetry.tenancy.SdkAppRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
public class ProjectAdminResource {
    private final ProjectRepository projects;
    private final SdkAppRepository apps;
    private final ProjectGuard guard;

    public ProjectAdminResource(ProjectRepository projects, SdkAppRepository apps, ProjectGuard guard) {
        this.projects = projects;
        this.apps = apps;
        this.guard = guard;
    }

    @POST
    @Operation(
            operationId = "createProject",
            summary = "Create a project",
            description = "The id is generated (a UUID) when absent.")
    @APIResponse(
            responseCode = "201",
            description = "The project",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Project.class)))
    @APIResponse(responseCode = "409", description = "CONFLICT: the id is taken")
    public Uni<Response> createProject(AdminRequests.CreateProject body) {
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        body.validate();
        String id = body.id() != null ? body.id() : UUID.randomUUID().toString();
        return projects.create(id, body.name(), body.piiKeys(), Boolean.TRUE.equals(body.limitedDataUse()))
                .onFailure(PgErrors::isUniqueViolation)
                .transform(e -> ApiException.conflict("Project " + id + " already exists"))
                .map(p -> Response.created(URI.create("/v1/admin/projects/" + p.id()))
                        .entity(p)
                        .build());
    }

    @GET
    @Operation(operationId = "listProjects", summary = "List projects")
    public Uni<DataList<Project>> listProjects() {
        return projects.list().map(DataList::new);
    }

    @PATCH
    @Path("/{projectId}")
    @Operation(
            operationId = "updateProject",
            summary = "Change a project's Limited Data Use",
            description = "Applies to every event the relay sends from then on, queued ones included.")
    @APIResponse(
            responseCode = "200",
            description = "The project",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Project.class)))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such project")
    public Uni<Project> updateProject(@PathParam("projectId") String projectId, AdminRequests.UpdateProject body) {
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        body.validate();
        return projects.setLimitedDataUse(projectId, body.limitedDataUse())
                .map(p -> p.orElseThrow(() -> ProjectGuard.notFound(projectId)));
    }

    @POST
    @Path("/{projectId}/sdk-apps")
    @Operation(
            operationId = "createSdkApp",
            summary = "Create an SDK app in a project",
            description = "The id is generated (app_ + 24 hex) when absent.")
    @APIResponse(
            responseCode = "201",
            description = "The SDK app",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SdkApp.class)))
    @APIResponse(responseCode = "409", description = "CONFLICT: the id is taken in this project")
    public Uni<Response> createSdkApp(@PathParam("projectId") String projectId, AdminRequests.CreateSdkApp body) {
        if (body == null) {
            throw ApiException.validation("Request body is required");
        }
        body.validate();
        String id = body.id() != null
                ? body.id()
                : "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        return guard.requireExists(projectId)
                .chain(() -> apps.create(projectId, id, body.name(), body.platform(), body.rateLimit())
                        .onFailure(PgErrors::isUniqueViolation)
                        .transform(e ->
                                ApiException.conflict("SDK app " + id + " already exists in project " + projectId)))
                .map(app -> Response.created(URI.create("/v1/admin/projects/" + projectId + "/sdk-apps/" + app.id()))
                        .entity(app)
                        .build());
    }

    @GET
    @Path("/{projectId}/sdk-apps")
    @Operation(operationId = "listSdkApps", summary = "List a project's SDK apps")
    public Uni<DataList<SdkApp>> listSdkApps(@PathParam("projectId") String projectId) {
        return guard.requireExists(projectId).chain(() -> apps.list(projectId)).map(DataList::new);
    }
}
