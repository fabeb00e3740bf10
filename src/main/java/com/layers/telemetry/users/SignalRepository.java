package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.tenancy.PiiPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one user's signal in a single statement: the profile row, the 30-day count (whole days from the daily
 * rollup, the two partial edge days counted exactly from the user's events), the three retention windows (one index
 * probe each) and the merged properties.
 */
@ApplicationScoped
public class SignalRepository {
    private static final String WINDOW = """
            EXISTS (SELECT 1 FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= u.first_seen + interval '%1$d days'
                       AND e.occurred_at < u.first_seen + interval '%2$d days') AS day%1$d""";
    private static final String SQL = """
            SELECT u.first_seen, u.last_seen, u.consent, u.consent_at, u.updated_at,
                   (SELECT coalesce(sum(d.events), 0) FROM user_daily_activity d
                     WHERE d.project_id = $1 AND d.app_user_id = $2 AND d.day > $4 AND d.day < $5)
                 + (SELECT count(*) FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= $6 AND e.occurred_at < $7)
                 + (SELECT count(*) FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= $8 AND e.occurred_at <= $3) AS count_30d,
                   %s, %s, %s,
                   (SELECT jsonb_object_agg(p.key, CASE WHEN p.lww THEN p.value ELSE p.once_value END)
                      FROM (SELECT key, value, once_value,
                                   occurred_at IS NOT NULL AND NOT unset AS lww,
                                   once_occurred_at IS NOT NULL AND (occurred_at IS NULL
                                       OR (once_occurred_at, once_received_at, once_event_id)
                                        > (occurred_at, received_at, event_id)) AS once
                              FROM user_properties WHERE project_id = $1 AND app_user_id = $2) p
                     WHERE p.lww OR p.once) AS properties
              FROM user_profiles u WHERE u.project_id = $1 AND u.app_user_id = $2""".formatted(
            WINDOW.formatted(1, 2), WINDOW.formatted(7, 8), WINDOW.formatted(30, 31));

    private final Pool pool;
    private final ObjectMapper mapper;

    public SignalRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Optional<Signal>> find(String projectId, String appUserId, Instant now, Set<String> redact) {
        Instant windowStart = now.minus(Duration.ofDays(30));
        LocalDate startDay = windowStart.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Tuple args = Tuple.tuple(List.of(projectId, appUserId, Timestamps.utc(now), startDay, today, Timestamps.utc(windowStart),
                Timestamps.utc(startDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)),
                Timestamps.utc(today.atStartOfDay().toInstant(ZoneOffset.UTC))));
        return pool.preparedQuery(SQL).execute(args).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            OffsetDateTime firstSeen = r.getOffsetDateTime("first_seen");
            Object props = r.getValue("properties");
            ObjectNode properties = props == null ? mapper.createObjectNode()
                    : Jsonb.object(mapper, props);
            return Optional.of(new Signal(appUserId, Timestamps.iso(firstSeen), Timestamps.iso(r.getOffsetDateTime("last_seen")),
                    r.getLong("count_30d"), PiiPolicy.redact(properties, redact), consent(r),
                    List.of(), new Signal.Retention(window(r, "day1", firstSeen, 1, now), window(r, "day7", firstSeen, 7, now),
                            window(r, "day30", firstSeen, 30, now)),
                    Timestamps.iso(r.getOffsetDateTime("updated_at"))));
        });
    }

    private static Boolean window(Row r, String column, OffsetDateTime firstSeen, int n, Instant now) {
        if (r.getBoolean(column)) {
            return true;
        }
        Instant closes = firstSeen.toInstant().plus(Duration.ofDays(n + 1L));
        return now.isBefore(closes) ? null : false;
    }

    private Signal.Consent consent(Row r) {
        Object c = r.getValue("consent");
        if (c == null) {
            return new Signal.Consent(null, null, null, null);
        }
        JsonNode node = Jsonb.object(mapper, c);
        return new Signal.Consent(bool(node, "analytics"), bool(node, "marketing"), bool(node, "personalization"),
                Timestamps.iso(r.getOffsetDateTime("consent_at")));
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

}
