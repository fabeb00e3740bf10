package com.layers.telemetry.relay;

import com.layers.telemetry.common.OpaqueCursor;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.Paging;
import com.layers.telemetry.userdata.UserDataExport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user's export: what the relay decided for each of their events, per destination (never a token nor a recorded
 * request). Read a page of the user's events at a time, newest first, with their deliveries.
 */
@ApplicationScoped
class DeliveriesExport implements UserDataExport {
    private static final int EVENTS_PER_PAGE = 500;
    private static final String LISTING = "export-relay-deliveries";
    private static final String PAGE = """
            SELECT e.occurred_at, e.event_id, e.sdk_app_id, d.destination, d.status, d.reason, d.received_at, d.decided_at
              FROM (SELECT occurred_at, event_id, sdk_app_id FROM sdk_events
                     WHERE project_id = $1 AND app_user_id = $2
                       AND ($3::timestamptz IS NULL OR (occurred_at, event_id, sdk_app_id) < ($3, $4, $5))
                     ORDER BY occurred_at DESC, event_id DESC, sdk_app_id DESC LIMIT $6) e
              LEFT JOIN relay_deliveries d ON d.project_id = $1 AND d.sdk_app_id = e.sdk_app_id AND d.event_id = e.event_id
             ORDER BY e.occurred_at DESC, e.event_id DESC, e.sdk_app_id DESC, d.destination""";
    private static final String ANY = """
            SELECT 1 FROM sdk_events e JOIN relay_deliveries d ON d.project_id = e.project_id AND d.sdk_app_id = e.sdk_app_id
                                                                AND d.event_id = e.event_id
             WHERE e.project_id = $1 AND e.app_user_id = $2""";

    private final Pool pool;

    DeliveriesExport(Pool pool) {
        this.pool = pool;
    }

    @RegisterForReflection
    record Delivery(
            String eventId,
            String sdkAppId,
            String destination,

            @Schema(enumeration = {"sent", "failed", "skipped"})
            String status,

            @Schema(nullable = true) String reason,
            @Schema(nullable = true) String receivedAt,
            String decidedAt) {}

    @Override
    public String field() {
        return "relayDeliveries";
    }

    @Override
    public int position() {
        return 4;
    }

    @Override
    public boolean array() {
        return true;
    }

    @Override
    public Uni<Boolean> holds(String projectId, String appUserId) {
        return UserDataExport.any(pool, ANY, projectId, appUserId);
    }

    @Override
    public Multi<?> items(String projectId, String appUserId) {
        return Paging.all(cursor -> page(projectId, appUserId, cursor));
    }

    private Uni<CursorPage<Delivery>> page(String projectId, String appUserId, String cursor) {
        String[] after = OpaqueCursor.decode(cursor, LISTING, projectId, 3, p -> p.toArray(String[]::new));
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                appUserId,
                after == null ? null : Timestamps.utc(Instant.parse(after[0])),
                after == null ? null : after[1],
                after == null ? null : after[2],
                EVENTS_PER_PAGE));
        return pool.preparedQuery(PAGE).execute(args).map(rows -> {
            List<Delivery> out = new ArrayList<>();
            String[] last = null;
            int events = 0;
            for (Row r : rows) {
                String[] key = {
                    r.getOffsetDateTime("occurred_at").toInstant().toString(),
                    r.getString("event_id"),
                    r.getString("sdk_app_id")
                };
                if (last == null || !Arrays.equals(key, last)) {
                    events++;
                    last = key;
                }
                if (r.getString("destination") != null) {
                    out.add(new Delivery(
                            r.getString("event_id"),
                            r.getString("sdk_app_id"),
                            r.getString("destination"),
                            r.getString("status"),
                            r.getString("reason"),
                            r.getOffsetDateTime("received_at") == null
                                    ? null
                                    : Timestamps.iso(r.getOffsetDateTime("received_at")),
                            Timestamps.iso(r.getOffsetDateTime("decided_at"))));
                }
            }
            String next = events == EVENTS_PER_PAGE ? OpaqueCursor.encode(LISTING, projectId, last) : null;
            return new CursorPage<>(out, next);
        });
    }
}
