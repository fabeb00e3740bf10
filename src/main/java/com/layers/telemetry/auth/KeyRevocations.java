package com.layers.telemetry.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
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

    public KeyRevocations(RevokedKeyRepository repository) {
        this.repository = repository;
    }

    void onStart(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    @Scheduled(every = "${telemetry.auth.revocation-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> LOG.warn("Could not reload revoked keys", e))
                .onFailure().recoverWithNull();
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
        return repository.since(since).invoke(found -> found.forEach((jti, at) -> {
            revoked.add(jti);
            if (at.isAfter(loadedUpTo)) {
                loadedUpTo = at;
            }
        })).replaceWithVoid();
    }
}
