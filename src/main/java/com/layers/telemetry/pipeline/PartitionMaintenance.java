package com.layers.telemetry.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps sdk_events' monthly partitions ahead of time and, when a retention is set, drops whole months that fell
 * out of it (a DROP, not a DELETE). The dedup keys in event_keys are kept: a resend of a dropped event is still a
 * duplicate.
 */
@ApplicationScoped
public class PartitionMaintenance {
    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    private final PartitionRepository partitions;
    private final StorageConfig config;

    PartitionMaintenance(PartitionRepository partitions, StorageConfig config) {
        this.partitions = partitions;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        run().await().atMost(Duration.ofSeconds(30));
    }

    @Scheduled(
            every = "6h",
            delay = 6,
            delayUnit = TimeUnit.HOURS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure()
                .invoke(e -> LOG.warn("Partition maintenance failed", e))
                .onFailure()
                .recoverWithNull();
    }

    Uni<Void> run() {
        Uni<Void> ahead = partitions.ensure(config.partitionsAhead());
        return config.retentionMonths() <= 0
                ? ahead
                : ahead.chain(() -> partitions.dropOlderThan(config.retentionMonths()));
    }
}
