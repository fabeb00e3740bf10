package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Queues the batch's new events for every enabled destination of their SDK app, in the storage transaction, with
 * the reason an event will not be sent decided there and then: {@code too_old} (older than the lookback),
 * {@code not_mapped} (a name the destination does not take) or {@code consent} (the user's latest consent, this
 * batch's included, has {@code marketing: false}). One outbox row per (SDK app, destination) of the batch. Runs after
 * the profile writer, so consent is as of this batch.
 */
@ApplicationScoped
class RelayOutboxWriter implements NewEventsWriter {

    private final RelayConfig config;
    /** Every platform's default event names, {"platform": {"our name": "theirs"}}, one parameter of the statement. */
    private final String defaults;

    RelayOutboxWriter(RelayConfig config, ObjectMapper mapper, Platforms platforms) {
        this.config = config;
        Map<String, Map<String, String>> byPlatform = new TreeMap<>();
        platforms.all().forEach(p -> byPlatform.put(p.id(), p.defaultEventNames()));
        this.defaults = Jsonb.text(mapper, mapper.valueToTree(byPlatform));
    }

    @Override
    public Phase phase() {
        return Phase.OUTBOXES;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        List<ReceivedEvent> events = fresh.events();
        UnnestColumns columns = new UnnestColumns(
                events.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                String.class);
        for (ReceivedEvent e : events) {
            columns.add(
                    e.projectId(),
                    e.sdkAppId(),
                    e.event().eventId(),
                    e.event().name(),
                    Timestamps.utc(e.event().occurredAt()),
                    e.event().appUserId());
        }
        Tuple args = columns.tuple()
                .addDouble((double) config.lookback().toSeconds())
                .addString(defaults);
        return List.of(new SqlStatement(OutboxRepository.QUEUE, args));
    }
}
