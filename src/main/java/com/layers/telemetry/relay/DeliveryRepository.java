package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Reads deliveries: decided ones from relay_deliveries, pending ones straight from the outbox. */
@ApplicationScoped
class DeliveryRepository {
    private static final String PAGE = """
            SELECT sdk_app_id, event_id, destination, status, reason, attempt_ids, decided_at, due_at FROM (
                SELECT o.sdk_app_id, u.event_id, o.destination,
                       CASE WHEN u.reason IS NULL THEN 'pending' ELSE 'skipped' END AS status, u.reason, o.attempt_ids,
                       NULL::timestamptz AS decided_at, CASE WHEN u.reason IS NULL THEN o.due_at END AS due_at
                  FROM relay_outbox o, unnest(o.event_ids, o.reasons) AS u(event_id, reason)
                 WHERE o.project_id = $1
                UNION ALL
                SELECT sdk_app_id, event_id, destination, status, reason, attempt_ids, decided_at, NULL
                  FROM relay_deliveries WHERE project_id = $1
            ) d
             WHERE ($2::text IS NULL OR event_id = $2) AND ($3::text IS NULL OR destination = $3)
               AND ($4::text IS NULL OR status = $4)
               AND ($5::text IS NULL OR (sdk_app_id, event_id, destination) > ($5, $6, $7))
             ORDER BY sdk_app_id, event_id, destination LIMIT $8""";
    private static final String ATTEMPTS = """
            SELECT id, attempted_at, outcome, http_status, platform_code, message, trace_id, event_count, request
              FROM relay_attempts WHERE id = ANY($1)""";

    private final Pool pool;
    private final ObjectMapper mapper;

    DeliveryRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Position after which a page starts: (sdkAppId, eventId, destination). */
    record After(String sdkAppId, String eventId, String destination) {}

    Uni<CursorPage<DeliveryView>> page(
            String projectId, String eventId, String destination, String status, After after, int limit) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                eventId,
                destination,
                status,
                after == null ? null : after.sdkAppId(),
                after == null ? null : after.eventId(),
                after == null ? null : after.destination(),
                limit + 1));
        return pool.preparedQuery(PAGE).execute(args).chain(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            boolean more = list.size() > limit;
            List<Row> page = more ? list.subList(0, limit) : list;
            Set<Long> ids = new LinkedHashSet<>();
            page.forEach(r -> ids.addAll(Arrays.asList(r.getArrayOfLongs("attempt_ids"))));
            return attempts(ids).map(byId -> {
                List<DeliveryView> data = new ArrayList<>();
                for (Row r : page) {
                    List<DeliveryView.Attempt> attempts = Arrays.stream(r.getArrayOfLongs("attempt_ids"))
                            .map(byId::get)
                            .filter(Objects::nonNull)
                            .toList();
                    data.add(new DeliveryView(
                            r.getString("event_id"),
                            r.getString("sdk_app_id"),
                            r.getString("destination"),
                            r.getString("status"),
                            r.getString("reason"),
                            attempts,
                            Timestamps.iso(r.getOffsetDateTime("decided_at")),
                            Timestamps.iso(r.getOffsetDateTime("due_at"))));
                }
                Row last = page.isEmpty() ? null : page.get(page.size() - 1);
                String next = more
                        ? DeliveryCursor.encode(
                                projectId,
                                new After(
                                        last.getString("sdk_app_id"),
                                        last.getString("event_id"),
                                        last.getString("destination")))
                        : null;
                return new CursorPage<>(data, next);
            });
        });
    }

    private Uni<Map<Long, DeliveryView.Attempt>> attempts(Set<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(ATTEMPTS)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, DeliveryView.Attempt> out = new HashMap<>();
                    for (Row r : rows) {
                        Object request = r.getValue("request");
                        out.put(
                                r.getLong("id"),
                                new DeliveryView.Attempt(
                                        r.getLong("id"),
                                        Timestamps.iso(r.getOffsetDateTime("attempted_at")),
                                        r.getString("outcome"),
                                        r.getInteger("http_status"),
                                        r.getString("platform_code"),
                                        r.getString("message"),
                                        r.getString("trace_id"),
                                        r.getInteger("event_count"),
                                        request == null ? null : Jsonb.object(mapper, (JsonObject) request)));
                    }
                    return out;
                });
    }
}
