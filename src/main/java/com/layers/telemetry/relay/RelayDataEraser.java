package com.layers.telemetry.relay;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.userdata.EventChunk;
import com.layers.telemetry.userdata.UserDataEraser;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Erases what the relay keeps of erased events: their delivery records, their places in queued outbox rows (a row
 * left empty goes), and their entries in the requests the stub sender recorded (the body's {@code data[]} items with
 * their {@code event_id}; a recorded request of another shape, or left with no item, is cleared whole). Attempt rows
 * themselves stay: they name no user.
 */
@ApplicationScoped
class RelayDataEraser implements UserDataEraser {
    private static final String BY_EVENT = """
            WITH k AS (SELECT * FROM unnest($2::text[], $3::text[]) AS k(sdk_app_id, event_id)),
            deliveries AS (
                DELETE FROM relay_deliveries d USING k
                 WHERE d.project_id = $1 AND d.sdk_app_id = k.sdk_app_id AND d.event_id = k.event_id
                RETURNING d.attempt_ids),
            queued AS (
                SELECT o.id, o.attempt_ids,
                       array_agg(t.event_id ORDER BY t.n) FILTER (WHERE k.event_id IS NULL) AS event_ids,
                       array_agg(t.occurred_at ORDER BY t.n) FILTER (WHERE k.event_id IS NULL) AS occurred_ats,
                       array_agg(t.reason ORDER BY t.n) FILTER (WHERE k.event_id IS NULL) AS reasons,
                       count(k.event_id) AS removed
                  FROM relay_outbox o
                 CROSS JOIN LATERAL unnest(o.event_ids, o.occurred_ats, o.reasons) WITH ORDINALITY AS t(event_id, occurred_at, reason, n)
                  LEFT JOIN k ON k.sdk_app_id = o.sdk_app_id AND k.event_id = t.event_id
                 WHERE o.project_id = $1 AND o.event_ids && $3::text[]
                 GROUP BY o.id, o.attempt_ids),
            emptied AS (
                DELETE FROM relay_outbox o USING queued q WHERE o.id = q.id AND q.event_ids IS NULL RETURNING 1),
            trimmed AS (
                UPDATE relay_outbox o SET event_ids = q.event_ids, occurred_ats = q.occurred_ats, reasons = q.reasons
                  FROM queued q WHERE o.id = q.id AND q.event_ids IS NOT NULL AND q.removed > 0 RETURNING 1),
            attempts AS (
                SELECT unnest(attempt_ids) AS id FROM deliveries
                UNION SELECT unnest(attempt_ids) FROM queued WHERE removed > 0),
            recorded AS (
                SELECT a.id, CASE WHEN jsonb_typeof(a.request -> 'body' -> 'data') = 'array' THEN
                           (SELECT coalesce(jsonb_agg(x ORDER BY n), '[]') FROM jsonb_array_elements(a.request -> 'body' -> 'data')
                                   WITH ORDINALITY AS e(x, n)
                             WHERE NOT coalesce(x ->> 'event_id' = ANY($3::text[]), false)) END AS kept
                  FROM relay_attempts a WHERE a.id IN (SELECT id FROM attempts) AND a.request IS NOT NULL),
            scrubbed AS (
                UPDATE relay_attempts a
                   SET request = CASE WHEN jsonb_array_length(coalesce(r.kept, '[]')) > 0
                                      THEN jsonb_set(a.request, '{body,data}', r.kept) END
                  FROM recorded r
                 WHERE a.id = r.id AND (r.kept IS NULL OR jsonb_array_length(r.kept)
                                          < jsonb_array_length(a.request -> 'body' -> 'data'))
                RETURNING 1)
            SELECT (SELECT count(*) FROM deliveries) + (SELECT coalesce(sum(removed), 0) FROM queued)::int8 AS "relayDeliveries",
                   (SELECT count(*) FROM scrubbed) AS "relayAttempts\"""";

    @Override
    public List<SqlStatement> eraseEvents(String projectId, EventChunk chunk) {
        return List.of(new SqlStatement(BY_EVENT, Tuple.of(projectId, chunk.sdkAppIds(), chunk.eventIds())));
    }
}
