package com.layers.telemetry.projects;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.tenancy.Project;
import com.layers.telemetry.tenancy.ProjectGuard;
import com.layers.telemetry.tenancy.ProjectRepository;
import com.layers.telemetry.tenancy.SdkApp;
import com.layers.telemetry.tenancy.SdkAppRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lets a partner key see the project it was issued for and that project's SDK apps. */
@Path("/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
@SecurityRequirement(name = "bearer")
public class PartnerProjectResource {
    private final Caller caller;
    private final ProjectGuard guard;
    private final ProjectRepository projects;
    private final SdkAppRepository apps;

    public PartnerProjectResource(
            Caller caller, ProjectGuard guard, ProjectRepository projects, SdkAppRepository apps) {
        this.caller = caller;
        this.guard = guard;
        this.projects = projects;
        this.apps = apps;
    }

    @RegisterForReflection
    public record ProjectView(String id, String name, List<SdkApp> sdkApps) {}

    @GET
    @RolesAllowed({Scopes.EVENTS_READ, Scopes.EVENTS_READ_PII, Scopes.EVENTS_WRITE})
    @Operation(
            operationId = "getProject",
            summary = "The project and its SDK apps",
            description = "404 NOT_FOUND for a project the key may not touch.")
    public Uni<ProjectView> get(@PathParam("projectId") String projectId) {
        return guard.require(caller, projectId)
                .chain(() -> Uni.combine()
                        .all()
                        .unis(projects.find(projectId), apps.list(projectId))
                        .asTuple())
                .map(t -> {
                    Project project = t.getItem1().orElseThrow();
                    return new ProjectView(project.id(), project.name(), t.getItem2());
                });
    }
}
