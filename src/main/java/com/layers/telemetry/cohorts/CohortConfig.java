package com.layers.telemetry.cohorts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Cohort limits and the materializer. Environment names: COHORTS_MAX_PER_PROJECT, COHORTS_POLL_INTERVAL… */
@ConfigMapping(prefix = "cohorts")
public interface CohortConfig {
    /** Cohorts a project may define. */
    @WithDefault("100")
    int maxPerProject();

    /** Leaf conditions in one rule. */
    @WithDefault("20")
    int maxConditions();

    /** Combinators ({@code all any not}) nested in one rule. */
    @WithDefault("4")
    int maxDepth();

    /** How often each instance looks for users to evaluate. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Users evaluated per round (three statements read them, two write their memberships). */
    @WithDefault("500")
    int batchSize();

    /** Rounds run at once on each instance: two keep a project's new users' entries within 2 s at 2,000 events/s. */
    @WithDefault("2")
    int concurrency();

    /**
     * While this instance's storage is behind (its batches' records waited in Kafka over a second), one round at a time
     * with a rest of four times its length and at least this long after it: evaluation yields to storage and catches
     * up after.
     */
    @WithDefault("1s")
    Duration backlogPause();

    /** A round held this long (its instance died) is taken over by another. */
    @WithDefault("30s")
    Duration lease();
}
