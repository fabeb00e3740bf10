package com.layers.telemetry.relay;

import java.time.Instant;
import java.util.List;

/** A claimed outbox row: the events still to deliver to one destination, and what was tried so far. */
record OutboxRow(
        long id,
        String projectId,
        String sdkAppId,
        String destination,
        List<String> eventIds,
        List<Instant> occurredAts,
        List<String> reasons,
        int attempts,
        List<Long> attemptIds) {

    String destinationKey() {
        return DestinationRepository.key(projectId, sdkAppId, destination);
    }
}
