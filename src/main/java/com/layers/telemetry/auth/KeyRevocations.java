package com.layers.telemetry.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
    private final Pool pool;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile OffsetDateTime loadedUpTo = OffsetDateTime.parse("1970-01-01T00:00:00Z");

    public KeyRevocations(Pool pool) {
        this.pool = pool;
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
        return pool.preparedQuery("INSERT INTO revoked_keys (jti) VALUES ($1) ON CONFLICT (jti) DO NOTHING")
                .execute(Tuple.of(jti))
                .invoke(() -> revoked.add(jti))
                .replaceWithVoid();
    }

    private Uni<Void> reload() {
        // Rows from the last second are read again: a commit can land with an earlier timestamp than one seen.
        OffsetDateTime since = loadedUpTo.minusSeconds(1);
        return pool.preparedQuery("SELECT jti, revoked_at FROM revoked_keys WHERE revoked_at >= $1")
                .execute(Tuple.of(since))
                .invoke(rows -> {
                    for (Row row : rows) {
                        revoked.add(row.getString("jti"));
                        OffsetDateTime at = row.getOffsetDateTime("revoked_at");
                        if (at.isAfter(loadedUpTo)) {
                            loadedUpTo = at;
                        }
                    }
                })
                .replaceWithVoid();
    }
}
