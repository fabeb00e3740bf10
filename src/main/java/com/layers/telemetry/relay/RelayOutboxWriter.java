package com.layers.telemetry.relay;

import java.util.TreeMap;

import java.util.Map;

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

/**
 * Queues the batch's new events for every enabled destination of their SDK app, in the storage transaction, with
 * the reason an event will not be sent decided there and then: {@code too_old} (older than the lookback),
 * {@code not_mapped} (a name the destination does not take) or {@code consent} (the user's latest consent, this
 * batch's included, has {@code marketing: false}). One outbox row per (SDK app, destination) of the batch. Runs after
 * the profile writer, so consent is as of this batch.
 */
@ApplicationScoped
class RelayOutboxWriter implements NewEventsWriter {
    private static final String QUEUE = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
                    AS t(project_id, sdk_app_id, event_id, name, occurred_at, app_user_id)
            ), decided AS (
                SELECT i.project_id, i.sdk_app_id, i.event_id, i.occurred_at, d.destination,
                       CASE WHEN i.occurred_at < clock_timestamp() - make_interval(secs => $7) THEN 'too_old'
                            WHEN CASE WHEN d.event_mapping -> i.name IS NOT NULL
                                      THEN jsonb_typeof(d.event_mapping -> i.name) <> 'string'
                                      ELSE $8::text::jsonb -> d.destination -> i.name IS NULL
                                           AND NOT d.forward_unmapped END THEN 'not_mapped'
                            WHEN EXISTS (SELECT 1 FROM user_profiles p WHERE p.project_id = i.project_id
                                            AND p.app_user_id = i.app_user_id AND p.consent ->> 'marketing' = 'false')
                                 THEN 'consent'
                       END AS reason
                  FROM input i
                  JOIN relay_destinations d ON d.project_id = i.project_id AND d.sdk_app_id = i.sdk_app_id AND d.enabled
            )
            INSERT INTO relay_outbox (project_id, sdk_app_id, destination, event_ids, occurred_ats, reasons)
            SELECT project_id, sdk_app_id, destination, array_agg(event_id ORDER BY event_id),
                   array_agg(occurred_at ORDER BY event_id), array_agg(reason ORDER BY event_id)
              FROM decided GROUP BY project_id, sdk_app_id, destination""";

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
    public int order() {
        return 30;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        List<ReceivedEvent> events = fresh.events();
        UnnestColumns columns = new UnnestColumns(events.size(), String.class, String.class, String.class, String.class,
                OffsetDateTime.class, String.class);
        for (ReceivedEvent e : events) {
            columns.add(e.projectId(), e.sdkAppId(), e.event().eventId(), e.event().name(), Timestamps.utc(e.event().occurredAt()),
                    e.event().appUserId());
        }
        Tuple args = columns.tuple().addDouble((double) config.lookback().toSeconds()).addString(defaults);
        return List.of(new SqlStatement(QUEUE, args));
    }
}
