package com.layers.telemetry.tenancy;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.ratelimit.ReadBudget;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The gate in front of every read: spends the key's read budget, checks the project (404 as if it did not exist),
 * and says which property keys the caller must see redacted.
 */
@ApplicationScoped
public class ReadAccess {
    private final ProjectGuard guard;
    private final ReadBudget budget;
    private final ProjectRepository projects;

    public ReadAccess(ProjectGuard guard, ReadBudget budget, ProjectRepository projects) {
        this.guard = guard;
        this.budget = budget;
        this.projects = projects;
    }

    /** The PII keys to redact for this caller: none with {@code events:read+pii}. */
    public Uni<Set<String>> open(Caller caller, String projectId) {
        budget.spend(caller.subject());
        return guard.require(caller, projectId)
                .chain(() -> caller.hasScope(Scopes.EVENTS_READ_PII)
                        ? Uni.createFrom().item(Set.<String>of())
                        : projects.piiKeys(projectId).map(PiiPolicy::keys));
    }
}
