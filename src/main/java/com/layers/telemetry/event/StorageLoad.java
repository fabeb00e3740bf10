package com.layers.telemetry.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Whether this instance's storage is behind: within the last {@link #MEMORY} it took a batch whose oldest record had
 * waited in Kafka longer than {@link #LAG}. Work derived from stored events (cohort evaluation) yields to storage
 * then, so deriving never slows what must not be lost.
 */
@ApplicationScoped
public class StorageLoad {
    static final Duration LAG = Duration.ofSeconds(1);
    static final Duration MEMORY = Duration.ofSeconds(10);

    private volatile long behindUntil = System.nanoTime();

    /** A storage batch whose oldest record was written to Kafka at {@code oldestMillis} (epoch milliseconds). */
    public void batch(long oldestMillis) {
        if (System.currentTimeMillis() - oldestMillis > LAG.toMillis()) {
            behindUntil = System.nanoTime() + MEMORY.toNanos();
        }
    }

    public boolean behind() {
        return System.nanoTime() - behindUntil < 0;
    }
}
