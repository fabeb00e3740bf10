package com.layers.telemetry.pipeline;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The pipeline's retry policy for transient failures: back off from 100 ms to 5 s, and never give up. */
final class Retries {
    private static final Logger LOG = Logger.getLogger(Retries.class);

    private Retries() {}

    static <T> Uni<T> forever(Uni<T> work, String what) {
        return work.onFailure()
                .invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .indefinitely();
    }
}
