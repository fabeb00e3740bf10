package com.layers.telemetry.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Refuses revoked keys and adds implied scopes ({@code events:read+pii} grants {@code events:read}). */
@ApplicationScoped
public class ScopeAugmentor implements SecurityIdentityAugmentor {
    private final KeyRevocations revocations;

    public ScopeAugmentor(KeyRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (jwt.getTokenID() == null || revocations.isRevoked(jwt.getTokenID())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("revoked or unidentified key"));
        }
        if (!documentedClaims(jwt)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("scope or projects claim not as documented"));
        }
        if (identity.hasRole(Scopes.EVENTS_READ_PII) && !identity.hasRole(Scopes.EVENTS_READ)) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(Scopes.EVENTS_READ).build());
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * Claims exactly as documented, nothing looser: {@code scope} a space-separated string (the JWT library would
     * also take an array), {@code projects} a JSON array of strings (a string such as {@code "*"} is refused, not
     * split).
     */
    static boolean documentedClaims(JsonWebToken jwt) {
        Object scope = jwt.getClaim("scope");
        if (!(scope instanceof String || scope instanceof jakarta.json.JsonString)) {
            return false;
        }
        Object projects = jwt.getClaim("projects");
        if (projects instanceof jakarta.json.JsonArray array) {
            return array.stream().allMatch(v -> v.getValueType() == jakarta.json.JsonValue.ValueType.STRING);
        }
        return projects instanceof java.util.Collection<?> c && c.stream().allMatch(String.class::isInstance);
    }
}
