package com.layers.telemetry.auth;

import com.layers.telemetry.admin.ProjectRepository;
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

    public Uni<Void> require(Caller caller, String projectId) {
        if (projectId == null || !caller.mayTouch(projectId)) {
            return Uni.createFrom().failure(notFound(projectId));
        }
        return projects.exists(projectId).onItem().transformToUni(exists -> exists
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(notFound(projectId)));
    }

    private static ApiException notFound(String projectId) {
        return ApiException.notFound("Project " + projectId + " not found");
    }
}
