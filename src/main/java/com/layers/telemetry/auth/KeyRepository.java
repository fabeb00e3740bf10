package com.layers.telemetry.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keys this service minted (never their tokens). Revocation itself lives in {@code revoked_keys}. */
@ApplicationScoped
public class KeyRepository {
    private final Pool pool;

    public KeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(ApiKey key, String subject) {
        return pool.preparedQuery("INSERT INTO api_keys (key_id, subject, scopes, projects, expires_at, created_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(
                                key.keyId(),
                                subject,
                                key.scopes().toArray(String[]::new),
                                key.projects().toArray(String[]::new))
                        .addValue(key.expiresAt())
                        .addValue(key.createdAt()))
                .replaceWithVoid();
    }

    public Uni<List<ApiKey>> list() {
        return pool.query(
                        "SELECT k.key_id, k.scopes, k.projects, k.expires_at, k.created_at, r.revoked_at "
                                + "FROM api_keys k LEFT JOIN revoked_keys r ON r.jti = k.key_id ORDER BY k.created_at, k.key_id")
                .execute()
                .map(rows -> {
                    List<ApiKey> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ApiKey(
                                r.getString("key_id"),
                                null,
                                Arrays.asList(r.getArrayOfStrings("scopes")),
                                Arrays.asList(r.getArrayOfStrings("projects")),
                                r.getOffsetDateTime("expires_at"),
                                r.getOffsetDateTime("created_at"),
                                r.getOffsetDateTime("revoked_at")));
                    }
                    return out;
                });
    }
}
