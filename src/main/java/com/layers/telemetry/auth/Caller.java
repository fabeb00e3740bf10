package com.layers.telemetry.auth;

import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated key of the current request: who it is, what it may do, which projects it may touch. */
@RequestScoped
public class Caller {
    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String subject() {
        return jwt.getSubject();
    }

    /** Whether the key carries the scope; {@code events:read+pii} carries {@code events:read} too. */
    public boolean hasScope(String scope) {
        Set<String> groups = jwt.getGroups();
        return groups.contains(scope) || (Scopes.EVENTS_READ.equals(scope) && groups.contains(Scopes.EVENTS_READ_PII));
    }

    public boolean mayTouch(String projectId) {
        Object claim = jwt.getClaim("projects");
        Collection<?> projects = claimValues(claim);
        return projects.contains(Scopes.ANY_PROJECT) || projects.contains(projectId);
    }

    private static Collection<?> claimValues(Object claim) {
        if (claim instanceof jakarta.json.JsonArray array) {
            return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        }
        if (claim instanceof Collection<?> c) {
            return c;
        }
        if (claim instanceof String s) {
            return List.of(s.split("[ ,]+"));
        }
        return List.of();
    }
}
