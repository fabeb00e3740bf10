package com.layers.telemetry.attribution;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Queues one AdServices exchange per newly stored event that carried a token from an ATT-authorized device, in the
 * storage transaction: a redelivered or duplicate event never queues a second one.
 */
@ApplicationScoped
class AttributionOutboxWriter implements NewEventsWriter {

    @Override
    public Phase phase() {
        return Phase.OUTBOXES;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        List<ReceivedEvent> withToken = fresh.events().stream()
                .filter(e -> e.event().adServicesToken() != null)
                .toList();
        if (withToken.isEmpty()) {
            return List.of();
        }
        UnnestColumns columns = new UnnestColumns(
                withToken.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                String.class);
        for (ReceivedEvent e : withToken) {
            columns.add(
                    e.projectId(),
                    e.sdkAppId(),
                    e.event().eventId(),
                    e.event().appUserId(),
                    Timestamps.utc(e.event().occurredAt()),
                    Timestamps.utc(e.receivedAt()),
                    e.event().adServicesToken());
        }
        return List.of(new SqlStatement(ExchangeRepository.QUEUE, columns.tuple()));
    }
}
