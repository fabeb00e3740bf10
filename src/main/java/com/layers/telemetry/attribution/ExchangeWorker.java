package com.layers.telemetry.attribution;

import com.layers.telemetry.common.ClaimLoop;
import com.layers.telemetry.common.Poller;
import com.layers.telemetry.userdata.UserBlocks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Exchanges queued AdServices tokens. A round claims due exchanges with {@code FOR UPDATE SKIP LOCKED} (any number
 * of instances: no two ever hold the same one), posts every token at once, and records each attempt, its decision
 * and Apple's record in the transaction that holds the claim. Killed between Apple's answer and the commit, the claim
 * rolls back and that round's tokens are exchanged once more; the record's key (one per event) keeps a second one
 * from ever being stored.
 */
@ApplicationScoped
class ExchangeWorker {
    private final ClaimLoop<PendingExchange> loop;
    private volatile Poller poller;
    private final ExchangeRepository exchanges;
    private final AdServicesClient client;
    private final ExchangePolicy policy;
    private final AdServicesConfig config;
    private final AttributionMetrics metrics;
    private final UserBlocks blocks;

    ExchangeWorker(
            Pool pool,
            ExchangeRepository exchanges,
            AdServicesClient client,
            ExchangePolicy policy,
            AdServicesConfig config,
            AttributionMetrics metrics,
            UserBlocks blocks) {
        this.loop = new ClaimLoop<>(
                pool, "Attribution", 1, tx -> exchanges.claim(tx, config.claimSize()), this::exchangeAll);
        this.exchanges = exchanges;
        this.client = client;
        this.policy = policy;
        this.config = config;
        this.metrics = metrics;
        this.blocks = blocks;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        poller = Poller.start(vertx, config.pollInterval(), "Attribution", this::tick);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Every {@code pollInterval}, measured from the end of the previous tick. */
    Uni<Void> tick() {
        return loop.tick();
    }

    private Uni<Void> exchangeAll(SqlConnection tx, List<PendingExchange> claimed) {
        List<Uni<ExchangeRepository.Attempt>> calls =
                claimed.stream().map(this::exchange).toList();
        return Uni.join()
                .all(calls)
                .andFailFast()
                .chain(attempts -> exchanges
                        .record(tx, attempts)
                        .invoke(() -> attempts.stream()
                                .filter(ExchangeRepository.Attempt::called)
                                .forEach(a -> metrics.attempted(
                                        a.step(),
                                        a.answer().durationMs(),
                                        a.exchange().receivedAt()))));
    }

    private Uni<ExchangeRepository.Attempt> exchange(PendingExchange x) {
        Instant at = Instant.now();
        UserBlocks.Block block = blocks.blocked(x.projectId(), x.appUserId(), x.receivedAt());
        if (block != null) {
            // No exchange starts for a suppressed user, nor for an event its user's erasure covers: final, no call.
            String why = block.reason;
            return Uni.createFrom()
                    .item(new ExchangeRepository.Attempt(
                            x,
                            at,
                            null,
                            new ExchangePolicy.Step(
                                    why, ExchangePolicy.Step.Status.FAILED, why, Optional.empty(), null)));
        }
        return client.exchange(x.token())
                .map(answer -> new ExchangeRepository.Attempt(
                        x, at, answer, policy.after(answer, x.attempts(), x.notFound(), x.issuedAt(), Instant.now())));
    }
}
