package com.layers.telemetry.auth;

import com.layers.telemetry.common.Poller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Revoked key ids ({@code jti}), held in memory so the check costs nothing per request, and reloaded from
 * Postgres on a schedule so a key revoked through any instance is refused by every instance within
 * {@code telemetry.auth.revocation-refresh}.
 */
@ApplicationScoped
public class KeyRevocations {
    private static final Logger LOG = Logger.getLogger(KeyRevocations.class);
    private final RevokedKeyRepository repository;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile OffsetDateTime loadedUpTo = OffsetDateTime.parse("1970-01-01T00:00:00Z");

    private final Duration refreshEvery;
    private volatile Poller poller;

    public KeyRevocations(RevokedKeyRepository repository, AuthConfig config) {
        this.repository = repository;
        this.refreshEvery = config.revocationRefresh();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        reload().await().atMost(Duration.ofSeconds(30));
        poller = Poller.start(vertx, refreshEvery, "Revoked keys reload", this::refresh);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    Uni<Void> refresh() {
        return reload().onFailure()
                .invoke(e -> LOG.warn("Could not reload revoked keys", e))
                .onFailure()
                .recoverWithNull();
    }

    public boolean isRevoked(String jti) {
        return jti != null && revoked.contains(jti);
    }

    /** Records a revocation here at once; other instances see it on their next reload. */
    public Uni<Void> revoke(String jti) {
        return repository.insert(jti).invoke(() -> revoked.add(jti));
    }

    private Uni<Void> reload() {
        // Rows from the last second are read again: a commit can land with an earlier timestamp than one seen.
        OffsetDateTime since = loadedUpTo.minusSeconds(1);
        return repository
                .since(since)
                .invoke(found -> found.forEach((jti, at) -> {
                    revoked.add(jti);
                    if (at.isAfter(loadedUpTo)) {
                        loadedUpTo = at;
                    }
                }))
                .replaceWithVoid();
    }
}
