package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.tenancy.PiiPolicy;
import com.layers.telemetry.userdata.ProfileProperties;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one user's signal in a single statement: the profile row (properties, consent, daily activity), the events
 * of the two partial edge days of the 30-day window counted exactly, the three retention windows (one index probe
 * each), and the cohorts the materializer keeps the user in ({@code cohort_members}).
 */
@ApplicationScoped
public class SignalRepository {
    private static final String WINDOW = """
            EXISTS (SELECT 1 FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= u.first_seen + interval '%1$d days'
                       AND e.occurred_at < u.first_seen + interval '%2$d days') AS day%1$d""";
    private static final String SQL =
            """
            SELECT u.first_seen, u.last_seen, u.consent, u.consent_at, u.updated_at, u.props, u.props_once,
                   u.activity_day, u.activity,
                   (SELECT count(*) FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= $4 AND e.occurred_at < $5) AS first_edge,
                   (SELECT count(*) FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = $2
                       AND e.occurred_at >= $6 AND e.occurred_at <= $3) AS last_edge,
                   %s, %s, %s,
                   ARRAY(SELECT m.cohort_id FROM cohort_members m WHERE m.project_id = $1 AND m.app_user_id = $2
                            AND m.exited_at IS NULL ORDER BY m.cohort_id) AS cohorts
              FROM user_profiles u WHERE u.project_id = $1 AND u.app_user_id = $2""".formatted(WINDOW.formatted(1, 2), WINDOW.formatted(7, 8), WINDOW.formatted(30, 31));

    private final Pool pool;
    private final ObjectMapper mapper;

    public SignalRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * eventCount30d counts events in [now - 30 d, now]: the whole UTC days strictly between the window's first and
     * last day from the profile's daily activity, the two partial edge days exactly from the user's events.
     */
    public Uni<Optional<UserViews.Signal>> find(String projectId, String appUserId, Instant now, Set<String> redact) {
        Instant windowStart = now.minus(Duration.ofDays(30));
        LocalDate startDay = windowStart.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Tuple args = Tuple.tuple(List.of(
                projectId,
                appUserId,
                Timestamps.utc(now),
                Timestamps.utc(windowStart),
                Timestamps.utc(startDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)),
                Timestamps.utc(today.atStartOfDay().toInstant(ZoneOffset.UTC))));
        return pool.preparedQuery(SQL).execute(args).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            OffsetDateTime firstSeen = r.getOffsetDateTime("first_seen");
            long count30d = r.getLong("first_edge")
                    + r.getLong("last_edge")
                    + activityBetween(
                            r.getLocalDate("activity_day"), r.getArrayOfIntegers("activity"), startDay, today);
            return Optional.of(new UserViews.Signal(
                    appUserId,
                    Timestamps.iso(firstSeen),
                    Timestamps.iso(r.getOffsetDateTime("last_seen")),
                    count30d,
                    PiiPolicy.redact(ProfileProperties.view(json(r, "props"), json(r, "props_once")), redact),
                    consent(r),
                    Arrays.asList(r.getArrayOfStrings("cohorts")),
                    new UserViews.Signal.Retention(
                            window(r, "day1", firstSeen, 1, now),
                            window(r, "day7", firstSeen, 7, now),
                            window(r, "day30", firstSeen, 30, now)),
                    Timestamps.iso(r.getOffsetDateTime("updated_at"))));
        });
    }

    /** Events on the days strictly between {@code after} and {@code before}, from counts newest day first. */
    static long activityBetween(LocalDate newest, Integer[] counts, LocalDate after, LocalDate before) {
        if (newest == null || counts == null) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            LocalDate day = newest.minusDays(i);
            if (day.isAfter(after) && day.isBefore(before)) {
                sum += counts[i];
            }
        }
        return sum;
    }

    private JsonNode json(Row r, String column) {
        return Jsonb.object(mapper, r.getValue(column));
    }

    private static Boolean window(Row r, String column, OffsetDateTime firstSeen, int n, Instant now) {
        return ProfileProperties.retention(r.getBoolean(column), firstSeen.toInstant(), n, now);
    }

    private UserViews.Signal.Consent consent(Row r) {
        Object c = r.getValue("consent");
        if (c == null) {
            return new UserViews.Signal.Consent(null, null, null, null);
        }
        JsonNode node = Jsonb.object(mapper, c);
        return new UserViews.Signal.Consent(
                bool(node, "analytics"),
                bool(node, "marketing"),
                bool(node, "personalization"),
                Timestamps.iso(r.getOffsetDateTime("consent_at")));
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }
}
