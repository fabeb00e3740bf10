package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Pages.OffsetPage;
import com.layers.telemetry.common.Pages.Pagination;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class UserRepository {
    private static final String PAGE = """
            SELECT app_user_id, last_seen, event_count FROM user_profiles WHERE project_id = $1
             ORDER BY last_seen_slot DESC, last_seen DESC, app_user_id LIMIT $2 OFFSET $3""";
    private static final String TOTAL =
            "SELECT coalesce(sum(users), 0)::int8 AS users FROM project_user_counts WHERE project_id = $1";
    private static final String DETAIL = """
            SELECT first_seen, last_seen, event_count, device_ids, event_types FROM user_profiles
             WHERE project_id = $1 AND app_user_id = $2""";
    private static final String EXISTS = "SELECT 1 FROM user_profiles WHERE project_id = $1 AND app_user_id = $2";
    private static final String EVENTS = """
            SELECT event_id, name, occurred_at, device_id, properties FROM sdk_events
             WHERE project_id = $1 AND app_user_id = $2 AND received_at <= $3
             ORDER BY occurred_at DESC, event_id DESC LIMIT $4 OFFSET $5""";
    private static final String EVENT_TOTAL = """
            SELECT count(*) FROM sdk_events WHERE project_id = $1 AND app_user_id = $2 AND received_at <= $3""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public UserRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<OffsetPage<UserViews.UserSummary>> list(String projectId, int limit, int offset) {
        Uni<List<UserViews.UserSummary>> page = pool.preparedQuery(PAGE)
                .execute(Tuple.of(projectId, limit, offset))
                .map(rows -> {
                    List<UserViews.UserSummary> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new UserViews.UserSummary(
                                r.getString("app_user_id"),
                                Timestamps.millis(r.getOffsetDateTime("last_seen")),
                                r.getLong("event_count")));
                    }
                    return out;
                });
        Uni<Long> total = pool.preparedQuery(TOTAL)
                .execute(Tuple.of(projectId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("users"));
        return Uni.combine()
                .all()
                .unis(page, total)
                .asTuple()
                .map(t -> new OffsetPage<>(t.getItem1(), new Pagination(limit, offset, t.getItem2(), null)));
    }

    public Uni<Optional<UserViews.UserDetail>> detail(String projectId, String appUserId) {
        return pool.preparedQuery(DETAIL)
                .execute(Tuple.of(projectId, appUserId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new UserViews.UserDetail(
                            appUserId,
                            Arrays.asList(r.getArrayOfStrings("device_ids")),
                            Timestamps.millis(r.getOffsetDateTime("first_seen")),
                            Timestamps.millis(r.getOffsetDateTime("last_seen")),
                            r.getLong("event_count"),
                            Arrays.asList(r.getArrayOfStrings("event_types"))));
                });
    }

    public Uni<Boolean> exists(String projectId, String appUserId) {
        return pool.preparedQuery(EXISTS)
                .execute(Tuple.of(projectId, appUserId))
                .map(rows -> rows.size() > 0);
    }

    /** Newest first, over the events received up to {@code asOf}, so offsets stay stable while events arrive. */
    public Uni<OffsetPage<UserViews.UserEvent>> events(
            String projectId, String appUserId, int limit, int offset, Instant asOf, Set<String> redact) {
        OffsetDateTime snapshot = Timestamps.utc(asOf);
        Uni<List<UserViews.UserEvent>> page = pool.preparedQuery(EVENTS)
                .execute(Tuple.of(projectId, appUserId, snapshot, limit, offset))
                .map(rows -> {
                    List<UserViews.UserEvent> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        ObjectNode props = Jsonb.object(mapper, r.getValue("properties"));
                        out.add(new UserViews.UserEvent(
                                r.getString("event_id"),
                                r.getString("name"),
                                Timestamps.millis(r.getOffsetDateTime("occurred_at")),
                                r.getString("device_id"),
                                PiiPolicy.redact(props, redact),
                                text(props, "campaign_id"),
                                text(props, "paywall_id")));
                    }
                    return out;
                });
        Uni<Long> total = pool.preparedQuery(EVENT_TOTAL)
                .execute(Tuple.of(projectId, appUserId, snapshot))
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine()
                .all()
                .unis(page, total)
                .asTuple()
                .map(t -> new OffsetPage<>(
                        t.getItem1(), new Pagination(limit, offset, t.getItem2(), Timestamps.iso(asOf))));
    }

    private static String text(ObjectNode props, String field) {
        if (props == null) {
            return null;
        }
        JsonNode v = props.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
