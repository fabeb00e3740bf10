package com.layers.telemetry.relay;

import com.layers.telemetry.common.Backoff;
import com.layers.telemetry.common.ClaimLoop;
import com.layers.telemetry.common.Poller;
import com.layers.telemetry.relay.platform.PlatformRequest;
import com.layers.telemetry.relay.platform.RelayEvent;
import com.layers.telemetry.relay.platform.SendResult;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers queued events. A round claims due outbox rows with {@code FOR UPDATE SKIP LOCKED} (any number of workers
 * and instances: no two ever hold the same row), groups them per destination into requests of at most
 * {@code relay.batch-size} events, sends them, and records every attempt and every event's outcome in the same
 * transaction that holds the claim. A crash between sending and recording rolls the claim back, so only that round's
 * requests are sent again, with the same event ids (Meta and TikTok dedup on them).
 *
 * <p>A request refused as a whole is split in halves until the bad event is alone, so it cannot hold back the
 * others. Retryable failures (5xx, 429, throttling codes, no answer) queue the events again with exponential backoff
 * and jitter, up to {@code relay.max-attempts}; other refusals are final.
 */
@ApplicationScoped
class RelayWorker {
    private final ClaimLoop<OutboxRow> loop;
    private volatile Poller poller;
    private final OutboxRepository outbox;
    private final DestinationRepository destinations;
    private final DestinationKeys keys;
    private final RelaySender sender;
    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final UserBlocks blocks;

    RelayWorker(
            Pool pool,
            OutboxRepository outbox,
            DestinationRepository destinations,
            DestinationKeys keys,
            RelaySender sender,
            RelayConfig config,
            RelayMetrics metrics,
            UserBlocks blocks) {
        this.loop = new ClaimLoop<>(
                pool, "Relay", config.workers(), tx -> outbox.claim(tx, config.claimSize()), this::deliver);
        this.outbox = outbox;
        this.destinations = destinations;
        this.keys = keys;
        this.sender = sender;
        this.config = config;
        this.metrics = metrics;
        this.blocks = blocks;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        poller = Poller.start(vertx, config.pollInterval(), "Relay", this::tick);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Every {@code pollInterval}, measured from the end of the previous tick: {@code workers} drains at once. */
    Uni<Void> tick() {
        return loop.tick();
    }

    /** Rounds until nothing is due (bounded, so a tick ends). */
    Uni<Void> drain() {
        return loop.drain();
    }

    private Uni<Void> deliver(SqlConnection tx, List<OutboxRow> rows) {
        List<String[]> wanted = rows.stream()
                .map(r -> new String[] {r.projectId(), r.sdkAppId(), r.destination()})
                .distinct()
                .toList();
        return destinations.forSending(tx, wanted).chain(stored -> {
            Map<String, DeliveryPlan.Target> targets = keys.open(stored);
            Map<String, String> platforms = new HashMap<>();
            stored.values()
                    .forEach(s -> platforms.put(
                            s.view().projectId() + '\u0000' + s.view().sdkAppId(), s.appPlatform()));
            return outbox.events(tx, rows, platforms).chain(events -> {
                Instant now = Instant.now();
                DeliveryPlan plan = DeliveryPlan.of(
                        rows, events.byKey(), events.withdrawn(), targets, this::withheld, now, config.lookback());
                Outcomes outcomes = new Outcomes();
                plan.skipped.forEach(s -> outcomes.decisions.add(new OutboxRepository.Decision(
                        s.projectId(),
                        s.sdkAppId(),
                        s.eventId(),
                        s.destination(),
                        "skipped",
                        s.reason(),
                        s.attemptIds(),
                        null)));
                // Every request of the round at once: each platform call waits on the network, not on the others.
                List<Uni<List<Leaf>>> sends = new ArrayList<>();
                for (Map.Entry<String, List<DeliveryPlan.Item>> e : plan.toSend.entrySet()) {
                    DeliveryPlan.Target target = targets.get(e.getKey());
                    List<DeliveryPlan.Item> items = e.getValue();
                    for (int from = 0; from < items.size(); from += config.batchSize()) {
                        sends.add(send(
                                tx,
                                target,
                                items.subList(from, Math.min(items.size(), from + config.batchSize())),
                                List.of()));
                    }
                }
                Uni<Void> all = sends.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join()
                                .all(sends)
                                .andCollectFailures()
                                .invoke(results -> results.forEach(outcomes::add))
                                .replaceWithVoid();
                return all.chain(() -> record(tx, rows, outcomes));
            });
        });
    }

    /** No request starts for a suppressed user, nor for an event its user's erasure covers. */
    private String withheld(RelayEvent e) {
        UserBlocks.Block block = blocks.blocked(e.projectId(), e.appUserId(), e.receivedAt());
        return block == null ? null : block.reason;
    }

    /** A request for {@code items} and, if it is refused as a whole, one for each half, recursively. */
    private Uni<List<Leaf>> send(
            SqlConnection tx, DeliveryPlan.Target target, List<DeliveryPlan.Item> items, List<Long> earlier) {
        Destination d = target.destination();
        Instant at = Instant.now();
        PlatformRequest request = target.platform()
                .request(
                        target.sending(),
                        items.stream().map(DeliveryPlan.Item::outgoing).toList());
        return sender.send(request)
                .chain(result -> outbox.recordAttempt(
                                tx, d.projectId(), d.sdkAppId(), d.destination(), at, items.size(), result)
                        .chain(id -> {
                            List<Long> ids = new ArrayList<>(earlier);
                            ids.add(id);
                            if (result.outcome() == SendResult.Outcome.FAILED && items.size() > 1) {
                                int mid = items.size() / 2;
                                return send(tx, target, items.subList(0, mid), ids)
                                        .chain(left -> send(tx, target, items.subList(mid, items.size()), ids)
                                                .map(right -> {
                                                    List<Leaf> all = new ArrayList<>(left);
                                                    all.addAll(right);
                                                    return all;
                                                }));
                            }
                            return Uni.createFrom().item(List.of(new Leaf(target, items, result, ids)));
                        }));
    }

    /** The last request that included these events, and every attempt made for them in this round. */
    private record Leaf(
            DeliveryPlan.Target target, List<DeliveryPlan.Item> items, SendResult result, List<Long> attemptIds) {}

    /** Everything a round decided, to record at its end. */
    private final class Outcomes {
        final List<OutboxRepository.Decision> decisions = new ArrayList<>();
        final Map<String, List<Leaf>> retries = new LinkedHashMap<>();

        void add(List<Leaf> leaves) {
            for (Leaf leaf : leaves) {
                Destination d = leaf.target().destination();
                for (DeliveryPlan.Item item : leaf.items()) {
                    List<Long> ids = new ArrayList<>(item.attemptIds());
                    ids.addAll(leaf.attemptIds());
                    SendResult r = leaf.result();
                    boolean exhausted =
                            r.outcome() == SendResult.Outcome.RETRY && item.attempts() + 1 >= config.maxAttempts();
                    if (r.outcome() == SendResult.Outcome.RETRY && !exhausted) {
                        continue;
                    }
                    String status = r.outcome() == SendResult.Outcome.SENT ? "sent" : "failed";
                    String reason =
                            status.equals("sent") ? null : (exhausted ? "attempts_exhausted: " : "") + describe(r);
                    decisions.add(new OutboxRepository.Decision(
                            d.projectId(),
                            d.sdkAppId(),
                            item.event().eventId(),
                            d.destination(),
                            status,
                            reason,
                            ids,
                            item.event().receivedAt()));
                    metrics.decided(d.destination(), status, item.event().receivedAt());
                }
                if (leaf.result().outcome() == SendResult.Outcome.RETRY) {
                    List<DeliveryPlan.Item> again = leaf.items().stream()
                            .filter(i -> i.attempts() + 1 < config.maxAttempts())
                            .toList();
                    if (!again.isEmpty()) {
                        retries.computeIfAbsent(
                                        d.projectId() + '\u0000' + d.sdkAppId() + '\u0000' + d.destination(),
                                        k -> new ArrayList<>())
                                .add(new Leaf(leaf.target(), again, leaf.result(), leaf.attemptIds()));
                    }
                }
            }
        }
    }

    private Uni<Void> record(SqlConnection tx, List<OutboxRow> rows, Outcomes outcomes) {
        Backoff backoff = new Backoff(config.firstRetry(), config.maxBackoff());
        Uni<Void> chain = outbox.decide(tx, outcomes.decisions).chain(() -> outbox.delete(tx, rows));
        for (List<Leaf> leaves : outcomes.retries.values()) {
            for (Leaf leaf : leaves) {
                Destination d = leaf.target().destination();
                int attempts = leaf.items().stream()
                                .mapToInt(DeliveryPlan.Item::attempts)
                                .max()
                                .orElse(0)
                        + 1;
                List<Long> ids = new ArrayList<>(leaf.items().get(0).attemptIds());
                ids.addAll(leaf.attemptIds());
                metrics.retried(d.destination(), leaf.items().size());
                chain = chain.chain(() -> outbox.retry(
                        tx,
                        d.projectId(),
                        d.sdkAppId(),
                        d.destination(),
                        leaf.items(),
                        attempts,
                        ids,
                        Instant.now().plus(backoff.after(attempts))));
            }
        }
        return chain;
    }

    private static String describe(SendResult r) {
        StringBuilder sb = new StringBuilder();
        if (r.httpStatus() != null) {
            sb.append("HTTP ").append(r.httpStatus());
        }
        if (r.code() != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append("code ").append(r.code());
        }
        if (r.message() != null) {
            sb.append(sb.isEmpty() ? "" : ": ").append(r.message());
        }
        return sb.length() > 500 ? sb.substring(0, 500) : sb.toString();
    }
}
