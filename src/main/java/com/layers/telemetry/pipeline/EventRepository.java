package com.layers.telemetry.pipeline;

import com.layers.telemetry.common.PgErrors;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventJson;
import com.layers.telemetry.event.ReceivedEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * sdk_events and its dedup key. A batch is one set-based statement: the keys go into event_keys with
 * ON CONFLICT DO NOTHING, and only the events whose key was new are stored and returned, so a redelivered batch
 * changes nothing. A withheld event (its user suppressed or erased) claims its key and is not stored: a retry or a
 * replay of it is a duplicate.
 */
@ApplicationScoped
class EventRepository {
    private static final String INSERT = """
            WITH moved AS (
                SELECT telemetry_privacy_moved(v.project_id)
                  FROM unnest($17::text[], $18::int8[]) AS h(project_id, version)
                  JOIN privacy_versions v ON v.project_id = h.project_id AND v.version > h.version
            ), input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                                     $7::timestamptz[], $8::bytea[], $9::bytea[], $10::bytea[], $11::text[], $12::text[],
                                     $13::text[], $14::text[], $15::text[], $16::bool[])
                    AS t(project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at, properties,
                         context, identity, device_id, revenue, currency, att_status, source, withheld)
            ), new_keys AS (
                INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at)
                SELECT project_id, sdk_app_id, event_id, occurred_at FROM input
                ON CONFLICT DO NOTHING
                RETURNING project_id, sdk_app_id, event_id
            )
            INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at,
                                    properties, context, identity, device_id, revenue, currency, att_status, source)
            SELECT i.project_id, i.sdk_app_id, i.event_id, i.name, i.app_user_id, i.occurred_at, i.received_at,
                   convert_from(i.properties, 'UTF8')::jsonb, convert_from(i.context, 'UTF8')::jsonb,
                   convert_from(i.identity, 'UTF8')::jsonb, i.device_id, i.revenue::numeric,
                   i.currency, i.att_status, i.source
              FROM input i JOIN new_keys k USING (project_id, sdk_app_id, event_id)
             WHERE NOT i.withheld AND NOT EXISTS (SELECT 1 FROM moved)
            RETURNING project_id, sdk_app_id, event_id""";

    /**
     * The statement storing the events (distinct keys, in {@link ReceivedEvent#KEY_ORDER}) but the withheld ones; it
     * returns the keys that were new and stored, which {@link #fresh} turns back into events. It fails with
     * {@code TLPRV} ({@link PgErrors#isPrivacyMoved}) when a project's privacy lists moved past {@code listVersions},
     * the versions the withheld flags were decided on.
     */
    SqlStatement insert(List<ReceivedEvent> events, boolean[] withheld, Map<String, Long> listVersions) {
        // JSON goes as UTF-8 bytes (bytea): the client copies them as they are, where text is re-encoded char by char.
        UnnestColumns columns = new UnnestColumns(
                events.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                Buffer.class,
                Buffer.class,
                Buffer.class,
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                Boolean.class);
        for (int i = 0; i < events.size(); i++) {
            ReceivedEvent in = events.get(i);
            Event e = in.event();
            EventJson json = e.json();
            columns.add(
                    in.projectId(),
                    in.sdkAppId(),
                    e.eventId(),
                    e.name(),
                    e.appUserId(),
                    Timestamps.utc(e.occurredAt()),
                    Timestamps.utc(in.receivedAt()),
                    json.properties(),
                    json.context(),
                    json.identity(),
                    e.deviceId(),
                    e.revenue() != null ? e.revenue().toPlainString() : null,
                    e.currency(),
                    e.attStatus(),
                    in.source(),
                    withheld[i]);
        }
        Tuple args = columns.tuple();
        args.addValue(listVersions.keySet().toArray(String[]::new));
        args.addValue(listVersions.values().toArray(Long[]::new));
        return new SqlStatement(INSERT, args);
    }

    /** The events the insert found new, from the keys it returned. */
    static List<ReceivedEvent> fresh(List<ReceivedEvent> events, RowSet<Row> inserted) {
        if (inserted.size() == events.size()) {
            return events;
        }
        Set<ReceivedEvent.DedupKey> keys = new HashSet<>();
        for (Row r : inserted) {
            keys.add(new ReceivedEvent.DedupKey(
                    r.getString("project_id"), r.getString("sdk_app_id"), r.getString("event_id")));
        }
        List<ReceivedEvent> fresh = new ArrayList<>(keys.size());
        for (ReceivedEvent e : events) {
            if (keys.contains(e.dedupKey())) {
                fresh.add(e);
            }
        }
        return fresh;
    }
}
