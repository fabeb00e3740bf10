package com.layers.telemetry.auth;

import com.layers.telemetry.admin.ProjectRepository;
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
            return Uni.createFrom().failure(ProjectRepository.notFound(projectId));
        }
        return projects.requireExists(projectId);
    }
}
