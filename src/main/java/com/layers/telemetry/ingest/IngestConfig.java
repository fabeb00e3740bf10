package com.layers.telemetry.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "telemetry.ingest")
public interface IngestConfig {
    /** Events per batch, the documented 100. */
    @WithDefault("100")
    int maxBatchSize();

    RateLimit rateLimit();

    /**
     * Per source address and SDK app on the write-key paths (SDK and Segment), on top of the app's: one abusive device
     * cannot spend the whole app's budget.
     */
    SourceRateLimit sourceRateLimit();

    interface RateLimit {
        /** Sustained events per second per (projectId, sdkAppId), unless the SDK app sets its own. */
        @WithDefault("1000")
        int eventsPerSecond();

        /** Token-bucket capacity: how large a burst is smoothed before 429. */
        @WithDefault("5000")
        int burst();
    }

    interface SourceRateLimit {
        /** Sustained events per second per source address and SDK app. */
        @WithDefault("200")
        int eventsPerSecond();

        /** Token-bucket capacity per source address and SDK app. */
        @WithDefault("2000")
        int burst();
    }
}
