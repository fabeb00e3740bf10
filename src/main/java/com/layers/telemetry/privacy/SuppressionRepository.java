package com.layers.telemetry.privacy;

import com.layers.telemetry.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads of the suppression list: users appear as their keyed hashes only. */
@ApplicationScoped
class SuppressionRepository {
    private static final String LIST = """
            SELECT user_hash, since FROM privacy_suppressions
             WHERE project_id = $1 AND ($2::timestamptz IS NULL OR (since, user_hash) < ($2, $3))
             ORDER BY since DESC, user_hash DESC LIMIT $4""";
    private static final String FIND =
            "SELECT since FROM privacy_suppressions WHERE project_id = $1 AND user_hash = $2";

    private final Pool pool;

    SuppressionRepository(Pool pool) {
        this.pool = pool;
    }

    record Entry(byte[] userHash, OffsetDateTime since) {}

    /** Most recent first, after the cursor when there is one; one row more than asked, to tell a last page. */
    Uni<List<Entry>> list(String projectId, SuppressionCursor after, int limit) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                after == null ? null : Timestamps.utc(after.since()),
                after == null ? null : Buffer.buffer(Base64.getUrlDecoder().decode(after.userHash())),
                limit + 1));
        return pool.preparedQuery(LIST).execute(args).map(rows -> {
            List<Entry> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Entry(r.getBuffer("user_hash").getBytes(), r.getOffsetDateTime("since")));
            }
            return out;
        });
    }

    Uni<Optional<OffsetDateTime>> since(String projectId, byte[] userHash) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(projectId, Buffer.buffer(userHash)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("since")));
    }
}
