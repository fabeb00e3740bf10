package com.layers.telemetry.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relay metrics: events by destination and outcome ({@code telemetry_relay_events_total}), accepted → relayed
 * latency ({@code telemetry_relay_latency_seconds}), and the outbox depth in events ({@code telemetry_relay_outbox_events}).
 */
@ApplicationScoped
class RelayMetrics {
    private final MeterRegistry registry;
    private final Pool pool;
    private final OutboxRepository outbox;
    private final AtomicLong depth = new AtomicLong();

    RelayMetrics(MeterRegistry registry, Pool pool, OutboxRepository outbox) {
        this.registry = registry;
        this.pool = pool;
        this.outbox = outbox;
        registry.gauge("telemetry.relay.outbox.events", depth);
    }

    void decided(String destination, String outcome, Instant receivedAt) {
        counter(destination, outcome).increment();
        if ("sent".equals(outcome) && receivedAt != null) {
            Timer.builder("telemetry.relay.latency")
                    .tag("destination", destination)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)
                    .record(Duration.between(receivedAt, Instant.now()));
        }
    }

    void retried(String destination, int events) {
        counter(destination, "retried").increment(events);
    }

    private Counter counter(String destination, String outcome) {
        return registry.counter("telemetry.relay.events", "destination", destination, "outcome", outcome);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measureDepth() {
        return outbox.depth(pool)
                .invoke(depth::set)
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
