package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.userdata.ProfileProperties;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The materializer's statements: lease queued users, read what their rules need (one statement for the profiles,
 * one for every window of every rule), and write their memberships and next due times in one transaction.
 */
@ApplicationScoped
class MembershipRepository {
    private static final String CLAIM = """
            UPDATE cohort_queue q SET leased_until = $1::timestamptz + make_interval(secs => $2)
              FROM (SELECT project_id, app_user_id FROM cohort_queue
                     WHERE due_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
                     ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
             WHERE q.project_id = c.project_id AND q.app_user_id = c.app_user_id
            RETURNING q.project_id, q.app_user_id, q.version""";
    private static final String DEFINITIONS =
            "SELECT project_id, cohort_id, rule, updated_at FROM cohorts WHERE project_id = ANY($1)";
    private static final String RETENTION = """
            EXISTS (SELECT 1 FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = u.app_user_id
                       AND e.occurred_at >= p.first_seen + interval '%1$d days'
                       AND e.occurred_at < p.first_seen + interval '%2$d days') AS day%1$d""";
    private static final String PROFILES = """
            SELECT p.app_user_id, p.first_seen, p.last_seen, p.consent, p.props, p.props_once%s
              FROM unnest($2::text[]) AS u(app_user_id)
              JOIN user_profiles p ON p.project_id = $1 AND p.app_user_id = u.app_user_id""";
    private static final String PROFILES_PLAIN = PROFILES.formatted("");
    private static final String PROFILES_WITH_RETENTION = PROFILES.formatted(", "
            + String.join(", ", RETENTION.formatted(1, 2), RETENTION.formatted(7, 8), RETENTION.formatted(30, 31)));
    /** Per user and window: the events in (now - within, now], their revenue, the oldest, the first after now. */
    private static final String WINDOWS = """
            SELECT u.app_user_id, w.idx, a.n, a.revenue, a.oldest, a.next_future
              FROM unnest($2::text[]) AS u(app_user_id)
             CROSS JOIN unnest($3::text[], $4::text[], $5::float8[]) WITH ORDINALITY AS w(name, currency, secs, idx)
             CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE e.occurred_at <= $6) AS n,
                       coalesce(sum(e.revenue) FILTER (WHERE e.occurred_at <= $6), 0) AS revenue,
                       min(e.occurred_at) FILTER (WHERE e.occurred_at <= $6) AS oldest,
                       min(e.occurred_at) FILTER (WHERE e.occurred_at > $6) AS next_future
                  FROM sdk_events e
                 WHERE e.project_id = $1 AND e.app_user_id = u.app_user_id
                   AND e.occurred_at > $6::timestamptz - make_interval(secs => w.secs)
                   AND (w.name IS NULL OR e.name = w.name)
                   AND (w.currency IS NULL OR (e.currency = w.currency AND e.revenue IS NOT NULL))) a
             WHERE a.n > 0 OR a.next_future IS NOT NULL""";
    /**
     * The users still queued, locked until the memberships are written: an erasure that dequeued a user meanwhile is
     * not undone, and one that comes now waits, then erases what this wrote.
     */
    private static final String LOCK = """
            SELECT app_user_id FROM cohort_queue WHERE project_id = $1 AND app_user_id = ANY($2)
             ORDER BY app_user_id FOR UPDATE""";
    /** After a failed round: the users are due again at once rather than when their lease ends. */
    private static final String RELEASE = """
            UPDATE cohort_queue SET leased_until = NULL WHERE project_id = $1 AND app_user_id = ANY($2)""";
    /** Entries: a user not a member becomes one (again); cohorts deleted meanwhile are skipped. */
    private static final String ENTER = """
            INSERT INTO cohort_members AS m (project_id, cohort_id, app_user_id, entered_at)
            SELECT $1, t.cohort_id, t.app_user_id, $4
              FROM unnest($2::text[], $3::text[]) AS t(cohort_id, app_user_id)
              JOIN cohorts c ON c.project_id = $1 AND c.cohort_id = t.cohort_id
             ORDER BY t.cohort_id, t.app_user_id
            ON CONFLICT (project_id, cohort_id, app_user_id) DO UPDATE SET entered_at = EXCLUDED.entered_at, exited_at = NULL
             WHERE m.exited_at IS NOT NULL""";
    /** Exits: of the cohorts evaluated ($3), those a user is in and no longer matches (kept: $4, comma-joined). */
    private static final String EXIT = """
            UPDATE cohort_members m SET exited_at = $5
              FROM unnest($2::text[], $4::text[]) AS u(app_user_id, kept)
             WHERE m.project_id = $1 AND m.app_user_id = u.app_user_id AND m.exited_at IS NULL
               AND m.cohort_id = ANY($3) AND NOT m.cohort_id = ANY(string_to_array(u.kept, ','))""";
    /**
     * Done: a user not marked since the lease (same version) is due again at its next change, or leaves the queue;
     * one marked meanwhile is released to be evaluated again at once.
     */
    private static final String FINISH = """
            WITH f AS (SELECT * FROM unnest($2::text[], $3::int8[], $4::timestamptz[]) AS f(app_user_id, version, next_due)),
            gone AS (
                DELETE FROM cohort_queue q USING f
                 WHERE q.project_id = $1 AND q.app_user_id = f.app_user_id AND q.version = f.version AND f.next_due IS NULL)
            UPDATE cohort_queue q SET due_at = CASE WHEN q.version = f.version THEN f.next_due ELSE q.due_at END,
                                      leased_until = NULL
              FROM f WHERE q.project_id = $1 AND q.app_user_id = f.app_user_id
               AND (q.version <> f.version OR f.next_due IS NOT NULL)""";

    private final Pool pool;
    private final ObjectMapper mapper;

    MembershipRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    record Claimed(String projectId, String appUserId, long version) {}

    Uni<List<Claimed>> claim(Instant now, Duration lease, int limit) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(Timestamps.utc(now), (double) lease.toSeconds(), limit))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    rows.forEach(r -> out.add(
                            new Claimed(r.getString("project_id"), r.getString("app_user_id"), r.getLong("version"))));
                    return out;
                });
    }

    record Definition(String projectId, String cohortId, JsonNode rule, OffsetDateTime updatedAt) {}

    Uni<List<Definition>> definitions(List<String> projectIds) {
        return pool.preparedQuery(DEFINITIONS)
                .execute(Tuple.of(projectIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Definition> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Definition(
                            r.getString("project_id"),
                            r.getString("cohort_id"),
                            Jsonb.object(mapper, r.getValue("rule")),
                            r.getOffsetDateTime("updated_at"))));
                    return out;
                });
    }

    /** The facts of each of the users who have a profile; a user without one (erased) is absent. */
    Uni<Map<String, CohortFacts>> facts(
            String projectId, List<String> users, List<CohortRule.WindowKey> windows, boolean retention, Instant now) {
        String[] ids = users.toArray(String[]::new);
        Uni<Map<String, Map<CohortRule.WindowKey, CohortFacts.WindowAggregate>>> aggregates =
                windows.isEmpty() ? Uni.createFrom().item(Map.of()) : windows(projectId, ids, windows, now);
        return aggregates.chain(byUser -> pool.preparedQuery(retention ? PROFILES_WITH_RETENTION : PROFILES_PLAIN)
                .execute(Tuple.of(projectId, ids))
                .map(rows -> {
                    Map<String, CohortFacts> out = new HashMap<>();
                    for (Row r : rows) {
                        String user = r.getString("app_user_id");
                        Map<Integer, Boolean> hits = retention
                                ? Map.of(1, r.getBoolean("day1"), 7, r.getBoolean("day7"), 30, r.getBoolean("day30"))
                                : Map.of();
                        Object consent = r.getValue("consent");
                        out.put(
                                user,
                                new CohortFacts(
                                        ProfileProperties.view(json(r, "props"), json(r, "props_once")),
                                        consent == null ? null : Jsonb.object(mapper, consent),
                                        r.getOffsetDateTime("first_seen").toInstant(),
                                        r.getOffsetDateTime("last_seen").toInstant(),
                                        hits,
                                        byUser.getOrDefault(user, Map.of())));
                    }
                    return out;
                }));
    }

    private Uni<Map<String, Map<CohortRule.WindowKey, CohortFacts.WindowAggregate>>> windows(
            String projectId, String[] users, List<CohortRule.WindowKey> windows, Instant now) {
        UnnestColumns w = new UnnestColumns(windows.size(), String.class, String.class, Double.class);
        for (CohortRule.WindowKey k : windows) {
            w.add(k.event(), k.currency(), (double) k.within().toSeconds());
        }
        Tuple cols = w.tuple();
        Tuple args = Tuple.tuple(
                List.of(projectId, users, cols.getValue(0), cols.getValue(1), cols.getValue(2), Timestamps.utc(now)));
        return pool.preparedQuery(WINDOWS).execute(args).map(rows -> {
            Map<String, Map<CohortRule.WindowKey, CohortFacts.WindowAggregate>> out = new HashMap<>();
            for (Row r : rows) {
                CohortRule.WindowKey key = windows.get(r.getLong("idx").intValue() - 1);
                BigDecimal revenue = r.getBigDecimal("revenue");
                out.computeIfAbsent(r.getString("app_user_id"), u -> new HashMap<>())
                        .put(
                                key,
                                new CohortFacts.WindowAggregate(
                                        r.getLong("n"),
                                        revenue == null ? BigDecimal.ZERO : revenue,
                                        instant(r, "oldest"),
                                        instant(r, "next_future")));
            }
            return out;
        });
    }

    /** One user's outcome: the cohorts they are in now, and when to look again (null: only on their next event). */
    record Outcome(Claimed user, List<String> cohorts, Instant nextDue) {}

    /** Writes a project's outcomes in one transaction. {@code evaluated}: the cohorts the rules came from. */
    Uni<Void> write(String projectId, List<String> evaluated, List<Outcome> outcomes, Instant now) {
        String[] users = outcomes.stream().map(o -> o.user().appUserId()).toArray(String[]::new);
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK)
                .execute(Tuple.of(projectId, users))
                .chain(rows -> {
                    Set<String> queued = new HashSet<>();
                    rows.forEach(r -> queued.add(r.getString("app_user_id")));
                    List<Outcome> kept = outcomes.stream()
                            .filter(o -> queued.contains(o.user().appUserId()))
                            .toList();
                    return kept.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : write(tx, projectId, evaluated, kept, Timestamps.utc(now));
                }));
    }

    private Uni<Void> write(
            SqlConnection tx, String projectId, List<String> evaluated, List<Outcome> outcomes, OffsetDateTime at) {
        List<String> enterCohorts = new ArrayList<>();
        List<String> enterUsers = new ArrayList<>();
        UnnestColumns exits = new UnnestColumns(outcomes.size(), String.class, String.class);
        UnnestColumns finish = new UnnestColumns(outcomes.size(), String.class, Long.class, OffsetDateTime.class);
        for (Outcome o : outcomes) {
            for (String c : o.cohorts()) {
                enterCohorts.add(c);
                enterUsers.add(o.user().appUserId());
            }
            exits.add(o.user().appUserId(), String.join(",", o.cohorts()));
            finish.add(
                    o.user().appUserId(), o.user().version(), o.nextDue() == null ? null : Timestamps.utc(o.nextDue()));
        }
        Tuple exitCols = exits.tuple();
        Tuple finishCols = finish.tuple();
        return tx.preparedQuery(ENTER)
                .execute(
                        Tuple.of(projectId, enterCohorts.toArray(String[]::new), enterUsers.toArray(String[]::new), at))
                .chain(() -> tx.preparedQuery(EXIT)
                        .execute(Tuple.of(
                                projectId,
                                exitCols.getValue(0),
                                evaluated.toArray(String[]::new),
                                exitCols.getValue(1),
                                at)))
                .chain(() -> tx.preparedQuery(FINISH)
                        .execute(Tuple.of(
                                projectId, finishCols.getValue(0), finishCols.getValue(1), finishCols.getValue(2))))
                .replaceWithVoid();
    }

    Uni<Void> release(String projectId, List<String> users) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(projectId, users.toArray(String[]::new)))
                .replaceWithVoid();
    }

    private ObjectNode json(Row r, String column) {
        Object v = r.getValue(column);
        return v == null ? JsonNodeFactory.instance.objectNode() : Jsonb.object(mapper, v);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
