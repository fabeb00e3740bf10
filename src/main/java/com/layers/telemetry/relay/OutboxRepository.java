package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.relay.platform.RelayEvent;
import com.layers.telemetry.relay.platform.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The relay's side of the outbox, always inside the worker's transaction: claim due rows (locked until the
 * transaction ends, skipped by every other worker), read the events they name, and record what happened.
 */
@ApplicationScoped
class OutboxRepository {
    /** The storage transaction's statement (RelayOutboxWriter): the batch's events per destination, each with its skip reason. */
    static final String QUEUE = """
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

    private static final String CLAIM = """
            SELECT id, project_id, sdk_app_id, destination, event_ids, occurred_ats, reasons, attempts, attempt_ids
              FROM relay_outbox WHERE due_at <= clock_timestamp()
             ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String EVENTS = """
            SELECT e.project_id, e.sdk_app_id, e.event_id, e.name, e.occurred_at, e.received_at, e.app_user_id, e.properties,
                   e.context, e.identity, e.att_status, e.revenue, e.currency,
                   coalesce(p.consent ->> 'marketing' = 'false', false) AS withdrawn,
                   pr.limited_data_use OR coalesce(p.consent ->> 'limitedDataUse' = 'true', false)
                       OR coalesce(e.context -> 'consent' ->> 'limitedDataUse' = 'true', false) AS limited_data_use
              FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS k(project_id, sdk_app_id, event_id, occurred_at)
              JOIN sdk_events e ON e.project_id = k.project_id AND e.occurred_at = k.occurred_at AND e.event_id = k.event_id
                               AND e.sdk_app_id = k.sdk_app_id
              JOIN projects pr ON pr.id = e.project_id
              LEFT JOIN user_profiles p ON p.project_id = e.project_id AND p.app_user_id = e.app_user_id""";
    private static final String ATTEMPT = """
            INSERT INTO relay_attempts (project_id, sdk_app_id, destination, attempted_at, event_count, outcome, http_status,
                                        platform_code, message, trace_id, duration_ms, request)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb) RETURNING id""";
    private static final String DECIDE = """
            INSERT INTO relay_deliveries AS d (project_id, sdk_app_id, event_id, destination, status, reason, attempt_ids, received_at)
            SELECT project_id, sdk_app_id, event_id, destination, status, reason, attempt_ids::bigint[], received_at
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                AS t(project_id, sdk_app_id, event_id, destination, status, reason, attempt_ids, received_at)
            ON CONFLICT (project_id, sdk_app_id, event_id, destination) DO UPDATE SET
                status = EXCLUDED.status, reason = EXCLUDED.reason, attempt_ids = EXCLUDED.attempt_ids,
                decided_at = clock_timestamp()
             WHERE d.status <> 'sent'""";
    private static final String DELETE = "DELETE FROM relay_outbox WHERE id = ANY($1)";
    private static final String RETRY = """
            INSERT INTO relay_outbox (project_id, sdk_app_id, destination, event_ids, occurred_ats, reasons, attempts,
                                      attempt_ids, due_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    private static final String DEPTH =
            "SELECT coalesce(sum(cardinality(event_ids)), 0)::int8 AS depth FROM relay_outbox";

    private final ObjectMapper mapper;

    OutboxRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Uni<List<OutboxRow>> claim(SqlConnection tx, int limit) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
            List<OutboxRow> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new OutboxRow(
                        r.getLong("id"),
                        r.getString("project_id"),
                        r.getString("sdk_app_id"),
                        r.getString("destination"),
                        Arrays.asList(r.getArrayOfStrings("event_ids")),
                        Arrays.stream(r.getArrayOfOffsetDateTimes("occurred_ats"))
                                .map(OffsetDateTime::toInstant)
                                .toList(),
                        Arrays.asList(r.getArrayOfStrings("reasons")),
                        r.getInteger("attempts"),
                        Arrays.asList(r.getArrayOfLongs("attempt_ids"))));
            }
            return out;
        });
    }

    /** The stored events the rows name, and which of them belong to users who withdrew marketing consent. */
    record Events(Map<String, RelayEvent> byKey, Set<String> withdrawn) {}

    Uni<Events> events(SqlConnection tx, List<OutboxRow> rows, Map<String, String> appPlatforms) {
        int n = rows.stream().mapToInt(r -> r.eventIds().size()).sum();
        UnnestColumns keys = new UnnestColumns(n, String.class, String.class, String.class, OffsetDateTime.class);
        for (OutboxRow r : rows) {
            for (int i = 0; i < r.eventIds().size(); i++) {
                if (r.reasons().get(i) == null) {
                    keys.add(
                            r.projectId(),
                            r.sdkAppId(),
                            r.eventIds().get(i),
                            Timestamps.utc(r.occurredAts().get(i)));
                }
            }
        }
        return tx.preparedQuery(EVENTS).execute(keys.tuple()).map(result -> {
            Map<String, RelayEvent> byKey = new HashMap<>();
            Set<String> withdrawn = new HashSet<>();
            for (Row r : result) {
                String key = DeliveryPlan.eventKey(
                        r.getString("project_id"), r.getString("sdk_app_id"), r.getString("event_id"));
                byKey.put(
                        key,
                        new RelayEvent(
                                r.getString("project_id"),
                                r.getString("sdk_app_id"),
                                r.getString("event_id"),
                                r.getString("name"),
                                r.getOffsetDateTime("occurred_at").toInstant(),
                                r.getOffsetDateTime("received_at").toInstant(),
                                r.getString("app_user_id"),
                                json(r, "properties"),
                                json(r, "context"),
                                json(r, "identity"),
                                r.getString("att_status"),
                                appPlatforms.get(r.getString("project_id") + '\u0000' + r.getString("sdk_app_id")),
                                r.getBigDecimal("revenue"),
                                r.getString("currency"),
                                r.getBoolean("limited_data_use")));
                if (r.getBoolean("withdrawn")) {
                    withdrawn.add(key);
                }
            }
            return new Events(byKey, withdrawn);
        });
    }

    /** One request and its outcome; the new attempt's id. */
    Uni<Long> recordAttempt(
            SqlConnection tx,
            String projectId,
            String sdkAppId,
            String destination,
            Instant at,
            int events,
            SendResult r) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                sdkAppId,
                destination,
                Timestamps.utc(at),
                events,
                r.outcome().id(),
                r.httpStatus(),
                r.code(),
                r.message(),
                r.traceId(),
                (int) r.durationMs(),
                r.recordedRequest() == null ? null : Jsonb.text(mapper, r.recordedRequest())));
        return tx.preparedQuery(ATTEMPT)
                .execute(args)
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** A final outcome per event: sent, failed or skipped. */
    record Decision(
            String projectId,
            String sdkAppId,
            String eventId,
            String destination,
            String status,
            String reason,
            List<Long> attemptIds,
            Instant receivedAt) {}

    Uni<Void> decide(SqlConnection tx, List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UnnestColumns cols = new UnnestColumns(
                decisions.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class);
        for (Decision d : decisions) {
            cols.add(
                    d.projectId(),
                    d.sdkAppId(),
                    d.eventId(),
                    d.destination(),
                    d.status(),
                    d.reason(),
                    d.attemptIds().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")),
                    Timestamps.utc(d.receivedAt()));
        }
        return tx.preparedQuery(DECIDE).execute(cols.tuple()).replaceWithVoid();
    }

    Uni<Void> delete(SqlConnection tx, List<OutboxRow> rows) {
        return tx.preparedQuery(DELETE)
                .execute(Tuple.of(rows.stream().map(OutboxRow::id).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Queues events again, to be tried at {@code due}. */
    Uni<Void> retry(
            SqlConnection tx,
            String projectId,
            String sdkAppId,
            String destination,
            List<DeliveryPlan.Item> items,
            int attempts,
            List<Long> attemptIds,
            Instant due) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                sdkAppId,
                destination,
                items.stream().map(i -> i.event().eventId()).toArray(String[]::new),
                items.stream().map(i -> Timestamps.utc(i.event().occurredAt())).toArray(OffsetDateTime[]::new),
                new String[items.size()],
                attempts,
                attemptIds.toArray(Long[]::new),
                Timestamps.utc(due)));
        return tx.preparedQuery(RETRY).execute(args).replaceWithVoid();
    }

    Uni<Long> depth(Pool pool) {
        return pool.query(DEPTH).execute().map(rows -> rows.iterator().next().getLong("depth"));
    }

    private JsonNode json(Row r, String column) {
        Object v = r.getValue(column);
        return v == null ? null : Jsonb.object(mapper, (JsonObject) v);
    }
}
