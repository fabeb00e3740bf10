package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** One event that passed validation, with the columns storage and relays derive from it. */
public record Event(
        String eventId,
        String name,
        Instant occurredAt,
        String appUserId,
        ObjectNode properties,
        ObjectNode context,
        ObjectNode identity,
        String deviceId,
        BigDecimal revenue,
        String currency,
        String attStatus) {
}
