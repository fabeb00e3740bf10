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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

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
    /** Per user: the profile, the three retention windows when a rule reads them, and every rule window (below). */
    private static final String FACTS = """
            SELECT p.app_user_id, p.first_seen, p.last_seen, p.consent, p.props, p.props_once%s%s
              FROM unnest($2::text[]) AS u(app_user_id)
              JOIN user_profiles p ON p.project_id = $1 AND p.app_user_id = u.app_user_id%s""";

    private static final String RETENTION = """
            EXISTS (SELECT 1 FROM sdk_events e WHERE e.project_id = $1 AND e.app_user_id = u.app_user_id
                       AND e.occurred_at >= p.first_seen + interval '%1$d days'
                       AND e.occurred_at < p.first_seen + interval '%2$d days') AS day%1$d""";
    /**
     * Every window of the project's rules from one scan of the user's events over the longest: per window, the events
     * in (now - within, now] (count, revenue, the oldest) and the first one after now. $3 is now; the windows' event
     * names and currencies follow as parameters, in order.
     */
    private static final String WINDOWS = """

              CROSS JOIN LATERAL (
                SELECT %s
                  FROM sdk_events e
                 WHERE e.project_id = $1 AND e.app_user_id = u.app_user_id
                   AND e.occurred_at > $3::timestamptz - make_interval(secs => %d)) w""";

    private static final String WINDOW_COLUMNS = """
            count(*) FILTER (WHERE %1$s AND e.occurred_at <= $3) AS n%2$d,
            coalesce(sum(e.revenue) FILTER (WHERE %1$s AND e.occurred_at <= $3), 0) AS r%2$d,
            min(e.occurred_at) FILTER (WHERE %1$s AND e.occurred_at <= $3) AS o%2$d,
            min(e.occurred_at) FILTER (WHERE %1$s AND e.occurred_at > $3) AS f%2$d""";

    /**
     * The users still queued, locked until the memberships are written: an erasure that dequeued a user meanwhile is
     * not undone, and one that comes now waits, then erases what this wrote. One point lookup per user, in key order
     * (so concurrent rounds lock alike): with {@code app_user_id = ANY($2)} the planner scanned the project's whole
     * queue for a project its statistics had not seen yet, as in a new project's backfill (EventKeyRepository).
     */
    static final String LOCK = """
            SELECT q.app_user_id,
                   ARRAY(SELECT m.cohort_id FROM cohort_members m WHERE m.project_id = $1
                            AND m.app_user_id = q.app_user_id AND m.exited_at IS NULL) AS cohorts
              FROM (SELECT DISTINCT u COLLATE "C" AS app_user_id FROM unnest($2::text[]) AS u ORDER BY 1) i,
                   LATERAL (SELECT app_user_id FROM cohort_queue
                             WHERE project_id = $1 AND app_user_id = i.app_user_id LIMIT 1 FOR UPDATE) q
             ORDER BY q.app_user_id""";
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
    /** Exits: the (cohort, user) pairs that no longer match. */
    private static final String EXIT = """
            UPDATE cohort_members m SET exited_at = $4
              FROM unnest($2::text[], $3::text[]) AS t(cohort_id, app_user_id)
             WHERE m.project_id = $1 AND m.cohort_id = t.cohort_id AND m.app_user_id = t.app_user_id
               AND m.exited_at IS NULL""";
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

    /** The facts of each of the users who have a profile; a user without one (erased) is absent. One statement. */
    Uni<Map<String, CohortFacts>> facts(
            String projectId, List<String> users, List<CohortRule.WindowKey> windows, boolean retention, Instant now) {
        List<Object> params = new ArrayList<>(List.of(projectId, users.toArray(String[]::new)));
        if (!windows.isEmpty()) {
            // $3, which only the windows read: a statement must not be given a parameter it does not use.
            params.add(Timestamps.utc(now));
        }
        String sql = factsSql(windows, retention, params);
        return pool.preparedQuery(sql).execute(Tuple.tuple(params)).map(rows -> {
            Map<String, CohortFacts> out = new HashMap<>();
            for (Row r : rows) {
                Map<Integer, Boolean> hits = retention
                        ? Map.of(1, r.getBoolean("day1"), 7, r.getBoolean("day7"), 30, r.getBoolean("day30"))
                        : Map.of();
                Map<CohortRule.WindowKey, CohortFacts.WindowAggregate> aggregates = new HashMap<>();
                for (int i = 0; i < windows.size(); i++) {
                    long n = r.getLong("n" + i);
                    Instant future = instant(r, "f" + i);
                    if (n > 0 || future != null) {
                        aggregates.put(
                                windows.get(i),
                                new CohortFacts.WindowAggregate(
                                        n, r.getBigDecimal("r" + i), instant(r, "o" + i), future));
                    }
                }
                Object consent = r.getValue("consent");
                out.put(
                        r.getString("app_user_id"),
                        new CohortFacts(
                                ProfileProperties.view(json(r, "props"), json(r, "props_once")),
                                consent == null ? null : Jsonb.object(mapper, consent),
                                r.getOffsetDateTime("first_seen").toInstant(),
                                r.getOffsetDateTime("last_seen").toInstant(),
                                hits,
                                aggregates));
            }
            return out;
        });
    }

    /**
     * The facts statement for a set of windows (the same text for the same rules, so it is prepared once), adding the
     * windows' names and currencies to {@code params}.
     */
    private static String factsSql(List<CohortRule.WindowKey> windows, boolean retention, List<Object> params) {
        String retentionColumns = retention
                ? ", "
                        + String.join(
                                ", ", RETENTION.formatted(1, 2), RETENTION.formatted(7, 8), RETENTION.formatted(30, 31))
                : "";
        if (windows.isEmpty()) {
            return FACTS.formatted(retentionColumns, "", "");
        }
        List<String> columns = new ArrayList<>();
        long longest = 0;
        for (int i = 0; i < windows.size(); i++) {
            CohortRule.WindowKey k = windows.get(i);
            long secs = k.within().toSeconds();
            longest = Math.max(longest, secs);
            String match = "e.occurred_at > $3::timestamptz - make_interval(secs => " + secs + ")";
            if (k.event() != null) {
                params.add(k.event());
                match += " AND e.name = $" + params.size() + "::text";
            }
            if (k.currency() != null) {
                params.add(k.currency());
                match += " AND e.currency = $" + params.size() + "::text AND e.revenue IS NOT NULL";
            }
            columns.add(WINDOW_COLUMNS.formatted("(" + match + ")", i));
        }
        String aggregates = String.join(",\n", columns);
        String windowColumns = ", "
                + String.join(
                        ", ",
                        IntStream.range(0, windows.size())
                                .mapToObj(i -> "w.n%1$d, w.r%1$d, w.o%1$d, w.f%1$d".formatted(i))
                                .toList());
        return FACTS.formatted(retentionColumns, windowColumns, WINDOWS.formatted(aggregates, longest));
    }

    /** One user's outcome: the cohorts they are in now, and when to look again (null: only on their next event). */
    record Outcome(Claimed user, List<String> cohorts, Instant nextDue) {}

    /**
     * Writes a project's outcomes in one transaction: only what changed (entries, exits) and each user's next due
     * time. {@code evaluated}: the cohorts the rules came from (a member of another, created meanwhile, stays).
     */
    Uni<Void> write(String projectId, List<String> evaluated, List<Outcome> outcomes, Instant now) {
        String[] users = outcomes.stream().map(o -> o.user().appUserId()).toArray(String[]::new);
        Set<String> known = new HashSet<>(evaluated);
        OffsetDateTime at = Timestamps.utc(now);
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK)
                .execute(Tuple.of(projectId, users))
                .chain(rows -> {
                    Map<String, Set<String>> current = new HashMap<>();
                    rows.forEach(r -> current.put(
                            r.getString("app_user_id"), new HashSet<>(Arrays.asList(r.getArrayOfStrings("cohorts")))));
                    List<String> enterCohorts = new ArrayList<>();
                    List<String> enterUsers = new ArrayList<>();
                    List<String> exitCohorts = new ArrayList<>();
                    List<String> exitUsers = new ArrayList<>();
                    List<Outcome> kept = new ArrayList<>();
                    for (Outcome o : outcomes) {
                        String user = o.user().appUserId();
                        Set<String> was = current.get(user);
                        if (was == null) {
                            continue; // dequeued meanwhile (an erasure): write nothing of theirs
                        }
                        kept.add(o);
                        for (String c : o.cohorts()) {
                            if (!was.contains(c)) {
                                enterCohorts.add(c);
                                enterUsers.add(user);
                            }
                        }
                        for (String c : was) {
                            if (known.contains(c) && !o.cohorts().contains(c)) {
                                exitCohorts.add(c);
                                exitUsers.add(user);
                            }
                        }
                    }
                    Uni<?> entered = enterUsers.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(ENTER)
                                    .execute(Tuple.of(
                                            projectId,
                                            enterCohorts.toArray(String[]::new),
                                            enterUsers.toArray(String[]::new),
                                            at));
                    return entered.chain(() -> exitUsers.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : tx.preparedQuery(EXIT)
                                            .execute(Tuple.of(
                                                    projectId,
                                                    exitCohorts.toArray(String[]::new),
                                                    exitUsers.toArray(String[]::new),
                                                    at)))
                            .chain(() -> finish(tx, projectId, kept));
                }));
    }

    private Uni<Void> finish(SqlConnection tx, String projectId, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UnnestColumns finish = new UnnestColumns(outcomes.size(), String.class, Long.class, OffsetDateTime.class);
        for (Outcome o : outcomes) {
            finish.add(
                    o.user().appUserId(), o.user().version(), o.nextDue() == null ? null : Timestamps.utc(o.nextDue()));
        }
        Tuple cols = finish.tuple();
        return tx.preparedQuery(FINISH)
                .execute(Tuple.of(projectId, cols.getValue(0), cols.getValue(1), cols.getValue(2)))
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
