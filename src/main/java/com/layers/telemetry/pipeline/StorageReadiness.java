package com.layers.telemetry.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a storage batch has been in flight longer than {@code telemetry.storage.stall-after}. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    private final ConsumerProgress progress;
    private final Duration stallAfter;

    StorageReadiness(ConsumerProgress progress, StorageConfig config) {
        this.progress = progress;
        this.stallAfter = config.stallAfter();
    }

    @Override
    public HealthCheckResponse call() {
        Duration oldest = progress.oldest();
        return HealthCheckResponse.named("Storage consumers")
                .status(oldest.compareTo(stallAfter) < 0)
                .withData("batchesInFlight", progress.inFlight())
                .withData("oldestBatchSeconds", oldest.toSeconds())
                .build();
    }
}
