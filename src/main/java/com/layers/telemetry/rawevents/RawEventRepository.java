package com.layers.telemetry.rawevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.tenancy.PiiPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Raw events of a project, newest first, keyset-paginated on (occurred_at, event_id, sdk_app_id): a page never
 * repeats or skips rows because of events arriving meanwhile (new events sort before the cursor).
 */
@ApplicationScoped
public class RawEventRepository {
    private final Pool pool;
    private final ObjectMapper mapper;

    public RawEventRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public record Filter(String userId, String name, Instant since, Instant until, EventCursor after, int limit) {}

    private JsonNode identity(Row r) {
        ObjectNode identity = Jsonb.object(mapper, r.getValue("identity"));
        return identity != null ? identity : NullNode.getInstance();
    }

    public Uni<CursorPage<RawEvent>> find(String projectId, Filter f, Set<String> redact, boolean withIdentity) {
        StringBuilder sql = new StringBuilder("""
                SELECT event_id, sdk_app_id, name, app_user_id, occurred_at, received_at, device_id, properties, context,
                       identity FROM sdk_events WHERE project_id = $1""");
        List<Object> args = new ArrayList<>();
        args.add(projectId);
        if (f.userId() != null) {
            args.add(f.userId());
            sql.append(" AND app_user_id = $").append(args.size());
        }
        if (f.name() != null) {
            args.add(f.name());
            sql.append(" AND name = $").append(args.size());
        }
        if (f.since() != null) {
            args.add(Timestamps.utc(f.since()));
            sql.append(" AND occurred_at >= $").append(args.size());
        }
        if (f.until() != null) {
            args.add(Timestamps.utc(f.until()));
            sql.append(" AND occurred_at < $").append(args.size());
        }
        if (f.after() != null) {
            args.add(Timestamps.utc(f.after().occurredAt()));
            args.add(f.after().eventId());
            args.add(f.after().sdkAppId());
            int n = args.size();
            sql.append(" AND (occurred_at, event_id, sdk_app_id) < ($")
                    .append(n - 2)
                    .append(", $")
                    .append(n - 1)
                    .append(", $")
                    .append(n)
                    .append(')');
        }
        args.add(f.limit() + 1);
        sql.append(" ORDER BY occurred_at DESC, event_id DESC, sdk_app_id DESC LIMIT $")
                .append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(args)).map(rows -> {
            List<RawEvent> out = new ArrayList<>();
            EventCursor last = null;
            for (Row r : rows) {
                if (out.size() == f.limit()) {
                    return new CursorPage<>(out, last.encode(projectId));
                }
                OffsetDateTime occurred = r.getOffsetDateTime("occurred_at");
                last = new EventCursor(occurred.toInstant(), r.getString("event_id"), r.getString("sdk_app_id"));
                out.add(new RawEvent(
                        r.getString("event_id"),
                        r.getString("sdk_app_id"),
                        r.getString("name"),
                        r.getString("app_user_id"),
                        Timestamps.iso(occurred),
                        Timestamps.iso(r.getOffsetDateTime("received_at")),
                        r.getString("device_id"),
                        PiiPolicy.redact(Jsonb.object(mapper, r.getValue("properties")), redact),
                        PiiPolicy.redact(Jsonb.object(mapper, r.getValue("context")), redact),
                        withIdentity ? identity(r) : null));
            }
            return new CursorPage<>(out, null);
        });
    }
}
