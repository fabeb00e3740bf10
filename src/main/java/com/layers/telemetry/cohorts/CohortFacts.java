package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What a user's cohort rules read, as of one instant: the profile (current properties, latest consent, first and last
 * seen), whether each retention window holds an event, and each window the rules name.
 *
 * @param consent the latest consent snapshot, null when none was captured
 * @param retentionHits day (1, 7, 30) → an event falls in that retention window
 */
record CohortFacts(
        ObjectNode properties,
        JsonNode consent,
        Instant firstSeen,
        Instant lastSeen,
        Map<Integer, Boolean> retentionHits,
        Map<CohortRule.WindowKey, WindowAggregate> windows) {

    /**
     * A window's events as of now: how many, their revenue's sum, the oldest one (it leaves the window first), and the
     * first one dated after now (it enters the window then).
     */
    record WindowAggregate(long count, BigDecimal sum, Instant oldest, Instant nextFuture) {
        static final WindowAggregate EMPTY = new WindowAggregate(0, BigDecimal.ZERO, null, null);
    }
}
