package com.layers.telemetry.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One event that passed validation, with the columns storage and relays derive from it.
 *
 * @param adServicesToken the Apple AdServices token the event carried in {@code properties.adservices_token}, only
 *     when {@code context.attStatus} is {@code authorized} (else null); never part of {@link #properties}
 * @param json {@link #properties}, {@link #context} and {@link #identity} as the bytes storage and the topic carry
 */
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
        String attStatus,
        String adServicesToken,
        EventJson json) {}
