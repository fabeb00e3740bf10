package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cohort definitions and their members, as the API reads and changes them. */
@ApplicationScoped
class CohortRepository {
    private static final String VIEW = """
            SELECT c.project_id, c.cohort_id, c.name, c.rule, c.created_at, c.updated_at, c.backfill_users,
                   (SELECT count(*) FROM cohort_members m WHERE m.project_id = c.project_id
                       AND m.cohort_id = c.cohort_id AND m.exited_at IS NULL) AS members,
                   (SELECT count(*) FROM cohort_queue q WHERE q.project_id = c.project_id
                       AND q.due_at <= c.backfill_due) AS pending
              FROM cohorts c""";
    private static final String FIND = VIEW + " WHERE c.project_id = $1 AND c.cohort_id = $2";
    private static final String LIST = VIEW + " WHERE c.project_id = $1 ORDER BY c.cohort_id";
    /** Serialises changes per project (the cohort limit), without blocking foreign-key checks on the project. */
    private static final String LOCK_PROJECT = """
            SELECT (SELECT count(*) FROM cohorts WHERE project_id = $1) AS cohorts,
                   (SELECT name FROM cohorts WHERE project_id = $1 AND cohort_id = $2) AS name,
                   (SELECT rule FROM cohorts WHERE project_id = $1 AND cohort_id = $2) AS rule
              FROM projects WHERE id = $1 FOR NO KEY UPDATE""";
    /** Every user of the project, due now; a user's evaluation under way does not clear the mark (version). */
    private static final String QUEUE_ALL = """
            WITH queued AS (
                INSERT INTO cohort_queue AS q (project_id, app_user_id, due_at)
                SELECT project_id, app_user_id, $2 FROM user_profiles WHERE project_id = $1
                ON CONFLICT (project_id, app_user_id) DO UPDATE
                    SET due_at = least(q.due_at, EXCLUDED.due_at), version = q.version + 1
                RETURNING 1)
            SELECT count(*) AS users FROM queued""";

    private static final String UPSERT = """
            INSERT INTO cohorts AS c (project_id, cohort_id, name, rule, created_at, updated_at, backfill_due, backfill_users)
            VALUES ($1, $2, $3, $4::text::jsonb, $5, $5, $5, $6)
            ON CONFLICT (project_id, cohort_id) DO UPDATE
                SET name = EXCLUDED.name, rule = EXCLUDED.rule, updated_at = EXCLUDED.updated_at,
                    backfill_due = EXCLUDED.backfill_due, backfill_users = EXCLUDED.backfill_users""";
    private static final String RENAME =
            "UPDATE cohorts SET name = $3, updated_at = $4 WHERE project_id = $1 AND cohort_id = $2";
    private static final String DELETE = "DELETE FROM cohorts WHERE project_id = $1 AND cohort_id = $2";
    private static final String MEMBERS = """
            SELECT app_user_id, entered_at FROM cohort_members
             WHERE project_id = $1 AND cohort_id = $2 AND exited_at IS NULL
               AND app_user_id > $3 AND entered_at >= $4
             ORDER BY app_user_id LIMIT $5""";

    private final Pool pool;
    private final ObjectMapper mapper;

    CohortRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** What a change did. */
    enum Saved {
        CREATED,
        CHANGED,
        UNCHANGED,
        /** The project already has its maximum of cohorts. */
        LIMIT_REACHED,
        /** No such project. */
        NO_PROJECT
    }

    /**
     * Creates or changes a cohort in one transaction. A new or changed rule queues every user of the project for
     * evaluation (the backfill); a new name alone does not.
     */
    Uni<Saved> save(String projectId, String cohortId, String name, JsonNode rule, int maxPerProject, Instant now) {
        String ruleText = Jsonb.text(mapper, rule);
        OffsetDateTime at = Timestamps.utc(now);
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_PROJECT)
                .execute(Tuple.of(projectId, cohortId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Saved.NO_PROJECT);
                    }
                    Row r = rows.iterator().next();
                    boolean exists = r.getString("name") != null;
                    if (!exists && r.getLong("cohorts") >= maxPerProject) {
                        return Uni.createFrom().item(Saved.LIMIT_REACHED);
                    }
                    if (exists && rule.equals(Jsonb.object(mapper, r.getValue("rule")))) {
                        return name.equals(r.getString("name"))
                                ? Uni.createFrom().item(Saved.UNCHANGED)
                                : tx.preparedQuery(RENAME)
                                        .execute(Tuple.of(projectId, cohortId, name, at))
                                        .replaceWith(Saved.CHANGED);
                    }
                    return backfill(tx, projectId, cohortId, name, ruleText, at)
                            .replaceWith(exists ? Saved.CHANGED : Saved.CREATED);
                }));
    }

    private Uni<RowSet<Row>> backfill(
            SqlConnection tx, String projectId, String cohortId, String name, String rule, OffsetDateTime at) {
        return tx.preparedQuery(QUEUE_ALL)
                .execute(Tuple.of(projectId, at))
                .chain(q -> tx.preparedQuery(UPSERT)
                        .execute(Tuple.of(
                                projectId,
                                cohortId,
                                name,
                                rule,
                                at,
                                q.iterator().next().getLong("users"))));
    }

    Uni<Optional<Cohort>> find(String projectId, String cohortId) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(projectId, cohortId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    Uni<List<Cohort>> list(String projectId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(projectId)).map(rows -> {
            List<Cohort> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
        });
    }

    /** False when there was none. Its members go with it (the signal drops it at once). */
    Uni<Boolean> delete(String projectId, String cohortId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(projectId, cohortId)).map(r -> r.rowCount() > 0);
    }

    record Member(String appUserId, OffsetDateTime enteredAt) {}

    /** Current members after {@code afterUser}, in user id order, one past {@code limit}. */
    Uni<List<Member>> members(String projectId, String cohortId, String afterUser, Instant enteredSince, int limit) {
        Tuple args = Tuple.tuple(List.of(
                projectId,
                cohortId,
                afterUser == null ? "" : afterUser,
                enteredSince == null ? Timestamps.utc(Instant.EPOCH) : Timestamps.utc(enteredSince),
                limit + 1));
        return pool.preparedQuery(MEMBERS).execute(args).map(rows -> {
            List<Member> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Member(r.getString("app_user_id"), r.getOffsetDateTime("entered_at"))));
            return out;
        });
    }

    private Cohort map(Row r) {
        return new Cohort(
                r.getString("project_id"),
                r.getString("cohort_id"),
                r.getString("name"),
                Jsonb.object(mapper, r.getValue("rule")),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"),
                r.getLong("backfill_users"),
                r.getLong("members"),
                r.getLong("pending"));
    }
}
