package com.layers.telemetry.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps sdk_events' monthly partitions ahead of time and, when a retention is set, drops whole months that fell
 * out of it (a DROP, not a DELETE). The dedup keys in event_keys are kept: a resend of a dropped event is still a
 * duplicate.
 */
@ApplicationScoped
public class PartitionMaintenance {
    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    private final Pool pool;
    private final StorageConfig config;

    @ConfigMapping(prefix = "telemetry.storage")
    public interface StorageConfig {
        /** Monthly partitions kept ready ahead of the current month. */
        @WithDefault("3")
        int partitionsAhead();

        /** Months of events kept; 0 keeps everything. */
        @WithDefault("0")
        int retentionMonths();
    }

    public PartitionMaintenance(Pool pool, StorageConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        run().await().atMost(Duration.ofSeconds(30));
    }

    @Scheduled(every = "6h", delay = 6, delayUnit = java.util.concurrent.TimeUnit.HOURS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warn("Partition maintenance failed", e)).onFailure().recoverWithNull();
    }

    Uni<Void> run() {
        Uni<Void> ahead = pool.preparedQuery("SELECT ensure_sdk_events_partitions(current_date, $1)")
                .execute(Tuple.of(config.partitionsAhead() + 1)).replaceWithVoid();
        if (config.retentionMonths() <= 0) {
            return ahead;
        }
        return ahead.chain(() -> pool.preparedQuery("SELECT drop_sdk_events_partitions_before("
                        + "(date_trunc('month', current_date) - make_interval(months => $1))::date)")
                .execute(Tuple.of(config.retentionMonths())).replaceWithVoid());
    }
}
