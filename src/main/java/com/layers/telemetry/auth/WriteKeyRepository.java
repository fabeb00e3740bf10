package com.layers.telemetry.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code write_keys}: each SDK app's write keys, by the SHA-256 of the key (the key itself is never stored). */
@ApplicationScoped
public class WriteKeyRepository {
    private static final String INSERT = """
            INSERT INTO write_keys (project_id, sdk_app_id, write_key_id, key_hash, key_hint)
            SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM sdk_apps WHERE project_id = $1 AND id = $2)
            RETURNING created_at""";
    private static final String LIST = """
            SELECT project_id, sdk_app_id, write_key_id, key_hint, created_at, revoked_at FROM write_keys
             WHERE project_id = $1 AND sdk_app_id = $2 ORDER BY created_at, write_key_id""";
    private static final String REVOKE = """
            UPDATE write_keys SET revoked_at = coalesce(revoked_at, clock_timestamp()), changed_at = clock_timestamp()
             WHERE project_id = $1 AND sdk_app_id = $2 AND write_key_id = $3""";
    private static final String BY_HASH = """
            SELECT project_id, sdk_app_id, write_key_id, key_hash, revoked_at, changed_at FROM write_keys
             WHERE key_hash = $1""";
    private static final String CHANGED = """
            SELECT project_id, sdk_app_id, write_key_id, key_hash, revoked_at, changed_at FROM write_keys
             WHERE changed_at >= $1""";

    private final Pool pool;

    public WriteKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** A key as ingest needs it: whose it is and whether it still holds. */
    public record Entry(
            String projectId,
            String sdkAppId,
            String writeKeyId,
            byte[] hash,
            boolean revoked,
            OffsetDateTime changedAt) {}

    /** The key's creation time, or empty when the SDK app does not exist. */
    public Uni<Optional<OffsetDateTime>> insert(
            String projectId, String sdkAppId, String writeKeyId, byte[] hash, String hint) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(projectId, sdkAppId, writeKeyId, Buffer.buffer(hash), hint))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("created_at")));
    }

    public Uni<List<WriteKey>> list(String projectId, String sdkAppId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(projectId, sdkAppId)).map(rows -> {
            List<WriteKey> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new WriteKey(
                        r.getString("write_key_id"),
                        r.getString("project_id"),
                        r.getString("sdk_app_id"),
                        null,
                        "…" + r.getString("key_hint"),
                        r.getOffsetDateTime("created_at"),
                        r.getOffsetDateTime("revoked_at")));
            }
            return out;
        });
    }

    /** Whether the key exists (revoking a revoked key changes nothing but counts as found). */
    public Uni<Boolean> revoke(String projectId, String sdkAppId, String writeKeyId) {
        return pool.preparedQuery(REVOKE)
                .execute(Tuple.of(projectId, sdkAppId, writeKeyId))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<Entry>> byHash(byte[] hash) {
        return pool.preparedQuery(BY_HASH)
                .execute(Tuple.of(Buffer.buffer(hash)))
                .map(rows -> entries(rows).stream().findFirst());
    }

    /** Keys created or revoked at or after {@code since}. */
    public Uni<List<Entry>> changedSince(OffsetDateTime since) {
        return pool.preparedQuery(CHANGED).execute(Tuple.of(since)).map(WriteKeyRepository::entries);
    }

    private static List<Entry> entries(RowSet<Row> rows) {
        List<Entry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new Entry(
                    r.getString("project_id"),
                    r.getString("sdk_app_id"),
                    r.getString("write_key_id"),
                    r.getBuffer("key_hash").getBytes(),
                    r.getOffsetDateTime("revoked_at") != null,
                    r.getOffsetDateTime("changed_at")));
        }
        return out;
    }
}
