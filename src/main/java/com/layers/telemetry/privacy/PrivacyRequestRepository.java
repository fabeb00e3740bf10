package com.layers.telemetry.privacy;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.EventChunk;
import com.layers.telemetry.userdata.SuppressionListener;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request ledger, the suppression list and the erasure ledger: a request's rows are written in one transaction
 * with the lists it changes and the project's privacy version, so every instance reloads them. Workers lease due
 * requests ({@code FOR UPDATE SKIP LOCKED}, then a lease in the row) and record each chunk's counts in the chunk's
 * own transaction.
 */
@ApplicationScoped
class PrivacyRequestRepository {
    private static final String INSERT = """
            INSERT INTO privacy_requests (project_id, request_id, type, user_count, app_user_ids, user_hashes, due_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String SUPPRESS = """
            INSERT INTO privacy_suppressions (project_id, user_hash, since)
            SELECT $1, h, $3 FROM unnest($2::bytea[]) AS h ON CONFLICT DO NOTHING""";
    private static final String UNSUPPRESS =
            "DELETE FROM privacy_suppressions WHERE project_id = $1 AND user_hash = ANY($2::bytea[])";
    private static final String ERASE = """
            INSERT INTO privacy_erasures AS e (project_id, user_hash, erase_before)
            SELECT $1, h, $3 FROM unnest($2::bytea[]) AS h
            ON CONFLICT (project_id, user_hash) DO UPDATE SET erase_before = greatest(e.erase_before, EXCLUDED.erase_before)""";
    private static final String BUMP = """
            INSERT INTO privacy_versions AS v (project_id, version) VALUES ($1, 1)
            ON CONFLICT (project_id) DO UPDATE SET version = v.version + 1""";
    private static final String COLUMNS = "request_id, type, status, user_count, created_at, completed_at, erased";
    private static final String FIND =
            "SELECT " + COLUMNS + " FROM privacy_requests WHERE project_id = $1 AND request_id = $2";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM privacy_requests WHERE project_id = $1 AND ($2::timestamptz IS NULL OR (created_at, request_id) < ($2, $3))
            ORDER BY created_at DESC, request_id DESC LIMIT $4""";
    private static final String CLAIM = """
            UPDATE privacy_requests r SET status = 'running', lease_until = clock_timestamp() + make_interval(secs => $1)
              FROM (SELECT project_id, request_id FROM privacy_requests
                     WHERE status <> 'completed' AND due_at <= clock_timestamp()
                       AND (lease_until IS NULL OR lease_until < clock_timestamp())
                     ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
             WHERE r.project_id = due.project_id AND r.request_id = due.request_id
            RETURNING r.project_id, r.request_id, r.type, r.app_user_ids, r.created_at""";
    private static final String CHUNK = """
            SELECT sdk_app_id, event_id, occurred_at FROM sdk_events
             WHERE project_id = $1 AND app_user_id = ANY($2) AND received_at < $3 LIMIT $4""";
    private static final String PROGRESS = """
            UPDATE privacy_requests r
               SET erased = (SELECT jsonb_object_agg(k, coalesce((r.erased ->> k)::int8, 0) + coalesce((n.add ->> k)::int8, 0))
                               FROM (SELECT jsonb_object_keys(r.erased || n.add) AS k) keys),
                   lease_until = clock_timestamp() + make_interval(secs => $4)
              FROM (SELECT $3::jsonb AS add) n
             WHERE r.project_id = $1 AND r.request_id = $2""";
    private static final String COMPLETE = """
            UPDATE privacy_requests SET status = 'completed', completed_at = clock_timestamp(), app_user_ids = NULL,
                   lease_until = NULL
             WHERE project_id = $1 AND request_id = $2""";

    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    private final Pool pool;
    private final List<SuppressionListener> listeners;

    PrivacyRequestRepository(Pool pool, @All List<SuppressionListener> listeners) {
        this.pool = pool;
        this.listeners = listeners;
    }

    /** A request as stored. */
    record Stored(
            String requestId,
            String type,
            String status,
            int users,
            OffsetDateTime createdAt,
            OffsetDateTime completedAt,
            Map<String, Long> erased) {}

    /**
     * Records a request and applies it to the lists at once (suppression from this commit on; the erasure ledger's
     * cut-off is the request's time), in one transaction.
     */
    Uni<Stored> create(
            String projectId,
            PrivacyRequestType type,
            List<String> appUserIds,
            List<byte[]> hashes,
            Instant now,
            Duration settle) {
        String requestId = ids.generate().toString();
        OffsetDateTime at = Timestamps.utc(now);
        Buffer[] hashArgs = hashes.stream().map(Buffer::buffer).toArray(Buffer[]::new);
        Tuple insert = Tuple.tuple(Arrays.asList(
                projectId,
                requestId,
                type.id,
                appUserIds.size(),
                appUserIds.toArray(String[]::new),
                hashArgs,
                Timestamps.utc(now.plus(settle)),
                at));
        List<SqlStatement> statements = new ArrayList<>();
        statements.add(new SqlStatement(INSERT, insert));
        if (type.suppresses) {
            statements.add(new SqlStatement(SUPPRESS, Tuple.of(projectId, hashArgs, at)));
        }
        if (type.unsuppresses) {
            statements.add(new SqlStatement(UNSUPPRESS, Tuple.of(projectId, hashArgs)));
        }
        if (type.erases) {
            statements.add(new SqlStatement(ERASE, Tuple.of(projectId, hashArgs, at)));
        }
        if (type.suppresses || type.unsuppresses) {
            listeners.forEach(l -> statements.addAll(l.suppressionChanged(projectId, appUserIds, now.plus(settle))));
        }
        statements.add(new SqlStatement(BUMP, Tuple.of(projectId)));
        return pool.withTransaction(tx -> run(tx, statements))
                .replaceWith(new Stored(requestId, type.id, "pending", appUserIds.size(), at, null, Map.of()));
    }

    Uni<Optional<Stored>> find(String projectId, String requestId) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(projectId, requestId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(stored(rows.iterator().next())));
    }

    /** Newest first, after the cursor's position when there is one; one row more than asked, to tell a last page. */
    Uni<List<Stored>> list(String projectId, RequestCursor after, int limit) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                after == null ? null : Timestamps.utc(after.createdAt()),
                after == null ? null : after.requestId(),
                limit + 1));
        return pool.preparedQuery(LIST).execute(args).map(rows -> {
            List<Stored> out = new ArrayList<>();
            rows.forEach(r -> out.add(stored(r)));
            return out;
        });
    }

    /** A request a worker holds: what it must erase. */
    record Leased(
            String projectId, String requestId, PrivacyRequestType type, List<String> appUserIds, Instant createdAt) {}

    /** Leases the most overdue request no one holds, if any. */
    Uni<Optional<Leased>> lease(Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) lease.toMillis() / 1000))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Leased(
                            r.getString("project_id"),
                            r.getString("request_id"),
                            PrivacyRequestType.of(r.getString("type")).orElseThrow(),
                            Arrays.asList(r.getArrayOfStrings("app_user_ids")),
                            r.getOffsetDateTime("created_at").toInstant()));
                });
    }

    /** The next chunk of the users' events received before the request, in the erasure's transaction. */
    Uni<EventChunk> chunk(SqlConnection tx, Leased request, int size) {
        Tuple args = Tuple.tuple(Arrays.asList(
                request.projectId(),
                request.appUserIds().toArray(String[]::new),
                Timestamps.utc(request.createdAt()),
                size));
        return tx.preparedQuery(CHUNK).execute(args).map(rows -> {
            String[] apps = new String[rows.size()];
            String[] events = new String[rows.size()];
            OffsetDateTime[] at = new OffsetDateTime[rows.size()];
            int i = 0;
            for (Row r : rows) {
                apps[i] = r.getString("sdk_app_id");
                events[i] = r.getString("event_id");
                at[i++] = r.getOffsetDateTime("occurred_at");
            }
            return new EventChunk(apps, events, at);
        });
    }

    /** Runs statements in order in the transaction and adds up the counts they return (an erasure's), by kind. */
    Uni<Map<String, Long>> run(SqlConnection tx, List<SqlStatement> statements) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SqlStatement s : statements) {
            chain = chain.chain(
                            () -> tx.preparedQuery(s.sql()).execute(s.args()).invoke(rows -> add(counts, rows)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(counts);
    }

    /** Adds a chunk's counts to the request and renews its lease, in the chunk's transaction. */
    Uni<Void> progress(SqlConnection tx, Leased request, Map<String, Long> counts, Duration lease) {
        return tx.preparedQuery(PROGRESS)
                .execute(Tuple.of(
                        request.projectId(),
                        request.requestId(),
                        new JsonObject(new LinkedHashMap<>(counts)),
                        (double) lease.toMillis() / 1000))
                .replaceWithVoid();
    }

    /** Completed: the ids in clear are gone; the hashes stay. */
    Uni<Void> complete(Leased request) {
        return pool.preparedQuery(COMPLETE)
                .execute(Tuple.of(request.projectId(), request.requestId()))
                .replaceWithVoid();
    }

    private static void add(Map<String, Long> counts, RowSet<Row> rows) {
        for (Row r : rows) {
            for (int i = 0; i < r.size(); i++) {
                counts.merge(r.getColumnName(i), r.getLong(i), Long::sum);
            }
        }
    }

    private static Stored stored(Row r) {
        Map<String, Long> erased = new LinkedHashMap<>();
        JsonObject counts = (JsonObject) r.getValue("erased");
        counts.forEach(e -> erased.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return new Stored(
                r.getString("request_id"),
                r.getString("type"),
                r.getString("status"),
                r.getInteger("user_count"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("completed_at"),
                erased);
    }
}
