package com.layers.telemetry.auth;

import com.layers.telemetry.common.ChangeReload;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked key ids ({@code jti}), held in memory so the check costs nothing per request, and reloaded from
 * Postgres on a schedule so a key revoked through any instance is refused by every instance within
 * {@code telemetry.auth.revocation-refresh}.
 */
@ApplicationScoped
public class KeyRevocations {
    private final RevokedKeyRepository repository;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Duration refreshEvery;
    private final ChangeReload<Map.Entry<String, OffsetDateTime>> reload;

    public KeyRevocations(RevokedKeyRepository repository, AuthConfig config) {
        this.repository = repository;
        this.refreshEvery = config.revocationRefresh();
        this.reload = new ChangeReload<>(
                "Revoked keys reload",
                since -> repository.since(since).map(found -> List.copyOf(found.entrySet())),
                Map.Entry::getValue,
                e -> revoked.add(e.getKey()));
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        reload.start(vertx, refreshEvery);
    }

    void onStop(@Observes ShutdownEvent event) {
        reload.stop();
    }

    public boolean isRevoked(String jti) {
        return jti != null && revoked.contains(jti);
    }

    /** Records a revocation here at once; other instances see it on their next reload. */
    public Uni<Void> revoke(String jti) {
        return repository.insert(jti).invoke(() -> revoked.add(jti));
    }
}
