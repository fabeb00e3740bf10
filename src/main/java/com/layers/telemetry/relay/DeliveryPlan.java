package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.OutgoingEvent;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import com.layers.telemetry.relay.platform.PlatformDestination;
import com.layers.telemetry.relay.platform.RelayEvent;
import com.layers.telemetry.userdata.UserBlocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What to do with claimed outbox rows, decided without I/O: which events go to which destination under which name,
 * and which are recorded skipped and why: the reason storage gave, or one that became true since (the destination
 * was removed or disabled, the event got older than the lookback, the user withdrew marketing consent, the event's
 * name is no longer mapped, the event's row is gone, its user is suppressed or being erased).
 */
final class DeliveryPlan {
    /**
     * The reason of an event its user's erasure covers: it is left out and recorded nowhere (the erasure removes what
     * there is of it), so nothing of it is written after the erasure swept.
     */
    static final String ERASED = UserBlocks.Block.ERASED.reason;

    /** An event to send, with its name on the platform and what was tried for it so far. */
    record Item(RelayEvent event, String platformName, int attempts, List<Long> attemptIds) {
        OutgoingEvent outgoing() {
            return new OutgoingEvent(event, platformName);
        }
    }

    /** A final outcome decided without sending. */
    record Skip(
            String projectId,
            String sdkAppId,
            String eventId,
            String destination,
            String reason,
            List<Long> attemptIds) {}

    /** A destination ready to send to: its view, what its platform's adapter needs (token included), the adapter. */
    record Target(Destination destination, PlatformDestination sending, PlatformAdapter platform) {}

    final Map<String, List<Item>> toSend = new LinkedHashMap<>();
    final List<Skip> skipped = new ArrayList<>();

    /**
     * @param events stored events by {@link #eventKey}; {@code marketingWithdrawn} holds the keys of events whose
     *     user's latest consent has {@code marketing: false}
     * @param withheld why an event's user may not be relayed now ({@code suppressed}, {@code erased}), else null
     */
    static DeliveryPlan of(
            List<OutboxRow> rows,
            Map<String, RelayEvent> events,
            Set<String> marketingWithdrawn,
            Map<String, Target> targets,
            Function<RelayEvent, String> withheld,
            Instant now,
            Duration lookback) {
        DeliveryPlan plan = new DeliveryPlan();
        for (OutboxRow row : rows) {
            Target target = targets.get(row.destinationKey());
            for (int i = 0; i < row.eventIds().size(); i++) {
                String eventId = row.eventIds().get(i);
                String key = eventKey(row.projectId(), row.sdkAppId(), eventId);
                RelayEvent event = events.get(key);
                String reason = row.reasons().get(i);
                String name = null;
                String held;
                if (reason == null) {
                    if (target == null) {
                        reason = "destination_removed";
                    } else if (!target.destination().enabled()) {
                        reason = "destination_disabled";
                    } else if (event == null) {
                        reason = "event_gone";
                    } else if ((held = withheld.apply(event)) != null) {
                        reason = held;
                    } else if (event.occurredAt().isBefore(now.minus(lookback))) {
                        reason = "too_old";
                    } else if ((name = platformName(target, event.name())) == null) {
                        reason = "not_mapped";
                    } else if (marketingWithdrawn.contains(key)) {
                        reason = "consent";
                    }
                }
                if (ERASED.equals(reason)) {
                    continue;
                }
                if (reason != null) {
                    plan.skipped.add(new Skip(
                            row.projectId(), row.sdkAppId(), eventId, row.destination(), reason, row.attemptIds()));
                } else {
                    plan.toSend
                            .computeIfAbsent(row.destinationKey(), k -> new ArrayList<>())
                            .add(new Item(event, name, row.attempts(), row.attemptIds()));
                }
            }
        }
        return plan;
    }

    /** The destination's name for an event, or null when it is not to be sent there. */
    static String platformName(Target target, String name) {
        Map<String, String> own = target.destination().eventMapping();
        if (own.containsKey(name)) {
            return own.get(name);
        }
        String standard = target.platform().defaultEventNames().get(name);
        return standard != null ? standard : target.destination().forwardUnmapped() ? name : null;
    }

    static String eventKey(String projectId, String sdkAppId, String eventId) {
        return projectId + '\u0000' + sdkAppId + '\u0000' + eventId;
    }
}
