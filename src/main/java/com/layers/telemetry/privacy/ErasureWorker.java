package com.layers.telemetry.privacy;

import com.layers.telemetry.common.Poller;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.userdata.EventChunk;
import com.layers.telemetry.userdata.PrivacyConfig;
import com.layers.telemetry.userdata.UserDataEraser;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Works privacy requests off the request path. A request is due {@code privacy.settle} after it was made: by then
 * every instance holds its users back (nothing of theirs is stored, relayed or exchanged any more), so what the
 * erasure finds is all there will ever be. It then runs every feature's {@link UserDataEraser} statements: the
 * per-user ones in one transaction, then the users' events received before the request chunk by chunk
 * ({@code privacy.chunk-size} per transaction, so no lock is held long and storage keeps going), and completes the
 * request, which clears the ids in clear. Any instance may work any request; one killed mid-way leaves a lease that
 * expires, and the next worker repeats at most the chunk in flight.
 */
@ApplicationScoped
class ErasureWorker {
    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);
    private static final int MAX_REQUESTS_PER_TICK = 20;

    private final Pool pool;
    private final PrivacyRequestRepository requests;
    private final List<UserDataEraser> erasers;
    private final PrivacyConfig config;
    private volatile Poller poller;

    ErasureWorker(
            Pool pool, PrivacyRequestRepository requests, @All List<UserDataEraser> erasers, PrivacyConfig config) {
        this.pool = pool;
        this.requests = requests;
        // A fixed order (by class), so every run issues statements alike.
        this.erasers = erasers.stream()
                .sorted(Comparator.comparing(e -> e.getClass().getName()))
                .toList();
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        poller = Poller.start(vertx, config.pollInterval(), "Privacy requests", this::tick);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Due requests, one after the other, until none is left (bounded, so a tick ends). */
    Uni<Void> tick() {
        return Uni.createFrom()
                .deferred(() -> requests.lease(config.lease()))
                .call(found -> found.map(this::work).orElse(Uni.createFrom().voidItem()))
                .repeat()
                .whilst(Optional::isPresent)
                .select()
                .first(MAX_REQUESTS_PER_TICK)
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> work(PrivacyRequestRepository.Leased request) {
        Uni<Void> erased =
                request.type().erases ? erase(request) : Uni.createFrom().voidItem();
        return erased.chain(() -> requests.complete(request))
                .invoke(() -> LOG.infof(
                        "Privacy request %s (%s, %d users) completed",
                        request.requestId(),
                        request.type().id,
                        request.appUserIds().size()));
    }

    private Uni<Void> erase(PrivacyRequestRepository.Leased request) {
        List<SqlStatement> perUser = new ArrayList<>();
        erasers.forEach(
                e -> perUser.addAll(e.eraseUsers(request.projectId(), request.appUserIds(), request.createdAt())));
        Uni<Void> users = pool.withTransaction(tx ->
                requests.run(tx, perUser).chain(counts -> requests.progress(tx, request, counts, config.lease())));
        Uni<Integer> chunk = Uni.createFrom()
                .deferred(() -> pool.withTransaction(tx -> requests.chunk(tx, request, config.chunkSize())
                        .chain(keys -> keys.size() == 0
                                ? Uni.createFrom().item(0)
                                : requests.run(tx, perEvent(request.projectId(), keys))
                                        .chain(counts -> requests.progress(tx, request, counts, config.lease()))
                                        .replaceWith(keys.size()))));
        return users.chain(() -> chunk.repeat()
                .whilst(n -> n == config.chunkSize())
                .collect()
                .last()
                .replaceWithVoid());
    }

    private List<SqlStatement> perEvent(String projectId, EventChunk keys) {
        List<SqlStatement> all = new ArrayList<>();
        erasers.forEach(e -> all.addAll(e.eraseEvents(projectId, keys)));
        return all;
    }
}
