package com.layers.telemetry.attribution;

import java.time.Instant;

/** A claimed exchange: the token event's key, and how the exchange has gone so far. */
record PendingExchange(
        String projectId,
        String sdkAppId,
        String eventId,
        String appUserId,
        Instant occurredAt,
        Instant receivedAt,
        String token,
        int attempts,
        int notFound) {

    /** The token was issued no later than its event occurred, nor than we received it (device clocks drift). */
    Instant issuedAt() {
        return occurredAt.isBefore(receivedAt) ? occurredAt : receivedAt;
    }
}
