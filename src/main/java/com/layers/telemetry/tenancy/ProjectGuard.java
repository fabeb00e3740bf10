package com.layers.telemetry.tenancy;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.common.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one gate for project-scoped paths: a project the key may not touch answers exactly as one that does not
 * exist (404 {@code NOT_FOUND}), so keys learn nothing about other tenants.
 */
@ApplicationScoped
public class ProjectGuard {
    private final ProjectRepository projects;

    public ProjectGuard(ProjectRepository projects) {
        this.projects = projects;
    }

    /** The caller may touch the project and it exists, or 404. */
    public Uni<Void> require(Caller caller, String projectId) {
        if (projectId == null || !caller.mayTouch(projectId)) {
            return Uni.createFrom().failure(notFound(projectId));
        }
        return requireExists(projectId);
    }

    /** The project exists, or 404 (admin paths, where the key may touch every project). */
    public Uni<Void> requireExists(String projectId) {
        return projects.exists(projectId)
                .chain(found ->
                        found ? Uni.createFrom().voidItem() : Uni.createFrom().failure(notFound(projectId)));
    }

    public static ApiException notFound(String projectId) {
        return ApiException.notFound("Project " + projectId + " not found");
    }
}
