package com.layers.telemetry.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Revoked key ids ({@code jti}), including keys minted by an operator's own identity provider. */
@ApplicationScoped
public class RevokedKeyRepository {
    private static final String INSERT = "INSERT INTO revoked_keys (jti) VALUES ($1) ON CONFLICT (jti) DO NOTHING";
    private static final String SINCE = "SELECT jti, revoked_at FROM revoked_keys WHERE revoked_at >= $1";

    private final Pool pool;

    public RevokedKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(String jti) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(jti)).replaceWithVoid();
    }

    /** Revocations recorded at or after {@code since}, with when. */
    public Uni<Map<String, OffsetDateTime>> since(OffsetDateTime since) {
        return pool.preparedQuery(SINCE).execute(Tuple.of(since)).map(rows -> {
            Map<String, OffsetDateTime> out = new LinkedHashMap<>();
            for (Row row : rows) {
                out.put(row.getString("jti"), row.getOffsetDateTime("revoked_at"));
            }
            return out;
        });
    }
}
