package com.layers.telemetry.pipeline;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.EventChunk;
import com.layers.telemetry.userdata.UserDataEraser;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Erases stored events (every partition: the keys name the partition by occurred_at) and the dead letters kept in the
 * database that name an erased user: by the record key ({@code projectId:appUserId}), by the event's appUserId, or by
 * an identity value (email, phone, external id) the user's stored events carried; a record that is not JSON, by the
 * user id and project id as JSON strings anywhere in it. The dedup keys stay: they hold no personal data, and they
 * keep a retried or replayed erased event from being stored again.
 */
@ApplicationScoped
class StoredEventsEraser implements UserDataEraser {
    private static final String EVENTS = """
            WITH gone AS (
                DELETE FROM sdk_events e
                 USING unnest($2::text[], $3::text[], $4::timestamptz[]) AS k(sdk_app_id, event_id, occurred_at)
                 WHERE e.project_id = $1 AND e.occurred_at = k.occurred_at AND e.event_id = k.event_id
                   AND e.sdk_app_id = k.sdk_app_id
                RETURNING 1)
            SELECT count(*) AS events FROM gone""";
    private static final String DEAD_LETTERS = """
            WITH users AS (SELECT unnest($2::text[]) AS id),
            identities AS (
                SELECT DISTINCT v.value FROM sdk_events e CROSS JOIN LATERAL jsonb_each_text(e.identity) v
                 WHERE e.project_id = $1 AND e.app_user_id = ANY($2) AND e.received_at < $3
                   AND jsonb_typeof(e.identity) = 'object'),
            parsed AS (
                SELECT d.topic, d.partition, d."offset", d.record_key, d.value, telemetry_try_jsonb(d.value) AS j
                  FROM dead_letter_records d),
            named AS (
                SELECT p.topic, p.partition, p."offset" FROM parsed p
                 WHERE p.record_key IN (SELECT convert_to($1 || ':' || id, 'UTF8') FROM users)
                    OR (p.j ->> 'projectId' = $1
                        AND (p.j -> 'event' ->> 'appUserId' = ANY($2)
                             OR EXISTS (SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(p.j -> 'event' -> 'identity') = 'object'
                                                                          THEN p.j -> 'event' -> 'identity' END) i
                                         WHERE i.value IN (SELECT value FROM identities))))
                    OR (p.j IS NULL AND position(convert_to(to_json($1::text)::text, 'UTF8') IN p.value) > 0
                        AND EXISTS (SELECT 1 FROM users u WHERE position(convert_to(to_json(u.id)::text, 'UTF8') IN p.value) > 0))),
            gone AS (
                DELETE FROM dead_letter_records d USING named n
                 WHERE d.topic = n.topic AND d.partition = n.partition AND d."offset" = n."offset"
                RETURNING 1)
            SELECT count(*) AS "deadLetters" FROM gone""";

    @Override
    public List<SqlStatement> eraseUsers(String projectId, List<String> appUserIds, Instant erasedBefore) {
        return List.of(new SqlStatement(
                DEAD_LETTERS, Tuple.of(projectId, appUserIds.toArray(String[]::new), Timestamps.utc(erasedBefore))));
    }

    @Override
    public List<SqlStatement> eraseEvents(String projectId, EventChunk chunk) {
        return List.of(new SqlStatement(
                EVENTS, Tuple.of(projectId, chunk.sdkAppIds(), chunk.eventIds(), chunk.occurredAts())));
    }
}
