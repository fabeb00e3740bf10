package com.layers.telemetry.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated key of the current request: who it is, what it may do, which projects it may touch. */
@RequestScoped
public class Caller {
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public Caller(JsonWebToken jwt, SecurityIdentity identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    public String subject() {
        return jwt.getSubject();
    }

    /** Whether the key carries the scope, implied scopes included (ScopeAugmentor adds them). */
    public boolean hasScope(String scope) {
        return identity.hasRole(scope);
    }

    public boolean mayTouch(String projectId) {
        Object claim = jwt.getClaim("projects");
        Collection<?> projects = claimValues(claim);
        return projects.contains(Scopes.ANY_PROJECT) || projects.contains(projectId);
    }

    private static Collection<?> claimValues(Object claim) {
        if (claim instanceof JsonArray array) {
            return array.getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList();
        }
        if (claim instanceof Collection<?> c) {
            return c;
        }
        return List.of();
    }
}
