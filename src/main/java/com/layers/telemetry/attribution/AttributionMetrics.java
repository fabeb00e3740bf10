package com.layers.telemetry.attribution;

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
 * Attribution metrics: attempts by outcome ({@code telemetry_attribution_attempts_total}), final exchanges by outcome
 * ({@code telemetry_attribution_exchanges_total}), Apple's answer time ({@code telemetry_attribution_request_seconds}),
 * accepted → exchanged latency ({@code telemetry_attribution_latency_seconds}) and pending exchanges
 * ({@code telemetry_attribution_pending}).
 */
@ApplicationScoped
class AttributionMetrics {
    private final MeterRegistry registry;
    private final Pool pool;
    private final ExchangeRepository exchanges;
    private final AtomicLong pending = new AtomicLong();
    private final Timer request;
    private final Timer latency;

    AttributionMetrics(MeterRegistry registry, Pool pool, ExchangeRepository exchanges) {
        this.registry = registry;
        this.pool = pool;
        this.exchanges = exchanges;
        registry.gauge("telemetry.attribution.pending", pending);
        this.request = Timer.builder("telemetry.attribution.request")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.latency = Timer.builder("telemetry.attribution.latency")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void attempted(ExchangePolicy.Step step, long durationMs, Instant receivedAt) {
        registry.counter("telemetry.attribution.attempts", "outcome", step.attemptOutcome())
                .increment();
        request.record(Duration.ofMillis(durationMs));
        if (step.status() != ExchangePolicy.Step.Status.RETRY) {
            registry.counter("telemetry.attribution.exchanges", "outcome", step.outcome())
                    .increment();
        }
        if (step.status() == ExchangePolicy.Step.Status.EXCHANGED) {
            latency.record(Duration.between(receivedAt, Instant.now()));
        }
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measurePending() {
        return exchanges
                .depth(pool)
                .invoke(pending::set)
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
