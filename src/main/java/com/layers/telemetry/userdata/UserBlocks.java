package com.layers.telemetry.userdata;

import com.layers.telemetry.common.Poller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The users whose data may not be stored, relayed or exchanged, held in memory so the check costs a hash and a binary
 * search (nothing at all in a project without any): suppressed users, and erased users as of their erasure (an event
 * received before it is covered by the erasure, however late it arrives). Reloaded per project when its version moves,
 * so a request made through any instance is in force on every instance within {@code privacy.refresh}; the instance
 * that took the request reloads before answering.
 */
@ApplicationScoped
public class UserBlocks {
    private static final Logger LOG = Logger.getLogger(UserBlocks.class);

    /** Why a user's event is held back. */
    public enum Block {
        SUPPRESSED("suppressed"),
        ERASED("erased");

        /** How relay deliveries and AdServices exchanges record it. */
        public final String reason;

        Block(String reason) {
            this.reason = reason;
        }
    }

    private record Lists(long version, HashList suppressed, HashList erased) {}

    private final Map<String, Lists> byProject = new ConcurrentHashMap<>();
    private final UserBlockRepository repository;
    private final UserHashes hashes;
    private final Duration refreshEvery;
    private volatile Poller poller;

    public UserBlocks(UserBlockRepository repository, UserHashes hashes, PrivacyConfig config) {
        this.repository = repository;
        this.hashes = hashes;
        this.refreshEvery = config.refresh();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        refresh().await().atMost(Duration.ofSeconds(30));
        poller = Poller.start(
                vertx,
                refreshEvery,
                "Privacy lists reload",
                () -> refresh()
                        .onFailure()
                        .invoke(e -> LOG.warnf("Could not reload the privacy lists: %s", e.toString()))
                        .onFailure()
                        .recoverWithNull());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    public boolean suppressed(String projectId, String appUserId) {
        Lists lists = byProject.get(projectId);
        return lists != null
                && appUserId != null
                && !lists.suppressed().isEmpty()
                && lists.suppressed().find(hashes.of(projectId, appUserId)) != Long.MIN_VALUE;
    }

    /** Why an event of this user, received then, is held back; null when nothing holds it. */
    public Block blocked(String projectId, String appUserId, Instant receivedAt) {
        Lists lists = byProject.get(projectId);
        if (lists == null
                || appUserId == null
                || (lists.suppressed().isEmpty() && lists.erased().isEmpty())) {
            return null;
        }
        byte[] hash = hashes.of(projectId, appUserId);
        if (lists.suppressed().find(hash) != Long.MIN_VALUE) {
            return Block.SUPPRESSED;
        }
        long erasedBefore = lists.erased().find(hash);
        return erasedBefore != Long.MIN_VALUE && ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt) < erasedBefore
                ? Block.ERASED
                : null;
    }

    /** The version of the project's lists held here (0: none loaded, the project never had a privacy request). */
    public long version(String projectId) {
        Lists lists = byProject.get(projectId);
        return lists == null ? 0 : lists.version();
    }

    /** Reloads one project's lists now (after a change made through this instance). */
    public Uni<Void> reload(String projectId) {
        return repository.version(projectId).chain(version -> load(projectId, version));
    }

    private Uni<Void> refresh() {
        return repository
                .versions()
                .chain(versions -> Multi.createFrom()
                        .iterable(versions.entrySet())
                        .filter(e -> {
                            Lists held = byProject.get(e.getKey());
                            return held == null || held.version() < e.getValue();
                        })
                        .onItem()
                        .transformToUniAndConcatenate(e -> load(e.getKey(), e.getValue()))
                        .collect()
                        .last()
                        .replaceWithVoid());
    }

    /** Loads a project's lists read after its version, keeping whichever of two concurrent loads is newer. */
    private Uni<Void> load(String projectId, long version) {
        return repository
                .load(projectId)
                .invoke(lists -> byProject.merge(
                        projectId,
                        new Lists(version, HashList.of(lists.suppressed()), HashList.of(lists.erased())),
                        (held, loaded) -> loaded.version() >= held.version() ? loaded : held))
                .replaceWithVoid();
    }
}
