package com.layers.telemetry.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether storage is making progress: the batches in flight and when each started ({@link StorageReadiness} reads
 * it). {@code telemetry_consumer_oldest_batch_seconds} shows the age of the oldest batch in flight,
 * {@code telemetry_consumer_last_batch_age_seconds} the time since a batch last finished.
 */
@ApplicationScoped
class ConsumerProgress {
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong lastFinished = new AtomicLong(System.nanoTime());

    ConsumerProgress(MeterRegistry registry) {
        registry.gauge(
                "telemetry.consumer.oldest.batch.seconds", this, p -> p.oldest().toMillis() / 1000.0);
        registry.gauge(
                "telemetry.consumer.last.batch.age.seconds",
                this,
                p -> (System.nanoTime() - p.lastFinished.get()) / 1_000_000_000.0);
    }

    /** A batch starts; the returned id ends it. */
    long started() {
        long id = ids.incrementAndGet();
        inFlight.put(id, System.nanoTime());
        return id;
    }

    void finished(long id) {
        inFlight.remove(id);
        lastFinished.set(System.nanoTime());
    }

    Duration oldest() {
        long now = System.nanoTime();
        return Duration.ofNanos(inFlight.values().stream()
                .mapToLong(started -> now - started)
                .max()
                .orElse(0));
    }

    int inFlight() {
        return inFlight.size();
    }
}
