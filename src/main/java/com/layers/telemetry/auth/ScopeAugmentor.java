package com.layers.telemetry.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
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
        if (jwt.getTokenID() == null) {
            return refuse(KeyRejected.MISSING_CLAIM);
        }
        if (revocations.isRevoked(jwt.getTokenID())) {
            return refuse("The API key has been revoked");
        }
        if (!documentedClaims(jwt)) {
            return refuse(
                    "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
        }
        if (identity.hasRole(Scopes.EVENTS_READ_PII) && !identity.hasRole(Scopes.EVENTS_READ)) {
            return Uni.createFrom()
                    .item(QuarkusSecurityIdentity.builder(identity)
                            .addRole(Scopes.EVENTS_READ)
                            .build());
        }
        return Uni.createFrom().item(identity);
    }

    private static Uni<SecurityIdentity> refuse(String reason) {
        return Uni.createFrom().failure(new AuthenticationFailedException(new KeyRejected(reason)));
    }

    /**
     * Claims exactly as documented, nothing looser: {@code scope} a space-separated string (the JWT library would
     * also take an array), {@code projects} a JSON array of strings (a string such as {@code "*"} is refused, not
     * split).
     */
    static boolean documentedClaims(JsonWebToken jwt) {
        Object scope = jwt.getClaim("scope");
        if (!(scope instanceof String || scope instanceof JsonString)) {
            return false;
        }
        Object projects = jwt.getClaim("projects");
        if (projects instanceof JsonArray array) {
            return array.stream().allMatch(v -> v.getValueType() == JsonValue.ValueType.STRING);
        }
        return projects instanceof Collection<?> c && c.stream().allMatch(String.class::isInstance);
    }
}
