package com.layers.telemetry.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "telemetry.storage")
public interface StorageConfig {
    /** Monthly partitions kept ready ahead of the current month. */
    @WithDefault("3")
    int partitionsAhead();

    /** Months of events kept; 0 keeps everything. */
    @WithDefault("0")
    int retentionMonths();

    /**
     * A storage batch still unfinished after this (a dependency down, a record that cannot leave) marks the
     * instance not ready, so a consumer that stopped making progress is seen, not silent.
     */
    @WithDefault("60s")
    Duration stallAfter();
}
