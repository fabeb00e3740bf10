package com.layers.telemetry.ingest;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} per batch, scoped to (key subject, project) and kept {@code telemetry.ingest.idempotency-ttl}.
 * The first request claims the key with a row whose status is NULL while it runs; only successful answers are
 * stored, anything else releases the key so the partner's retry can run.
 */
@ApplicationScoped
public class IdempotencyStore {
    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (subject, project_id, key, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (subject, project_id, key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, created_at = now()
             WHERE k.created_at < now() - make_interval(secs => $5)
                OR (k.status_code IS NULL AND k.created_at < now() - make_interval(secs => $6))
            RETURNING 1""";

    private final Pool pool;
    private final IngestConfig config;

    public IdempotencyStore(Pool pool, IngestConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public sealed interface Claim permits Owned, Replay, InFlight, Reused {
    }

    /** This request owns the key and must complete or release it. */
    public record Owned() implements Claim {
    }

    public record Replay(int status, String body) implements Claim {
    }

    public record InFlight() implements Claim {
    }

    public record Reused() implements Claim {
    }

    public Uni<Claim> claim(String subject, String projectId, String key, String requestHash) {
        Tuple args = Tuple.of(subject, projectId, key, requestHash)
                .addDouble((double) config.idempotencyTtl().toSeconds())
                .addDouble((double) config.idempotencyInFlightTimeout().toSeconds());
        return pool.preparedQuery(CLAIM).execute(args).chain(rows -> {
            if (rows.size() > 0) {
                return Uni.createFrom().item((Claim) new Owned());
            }
            return pool.preparedQuery("SELECT request_hash, status_code, response_body FROM idempotency_keys "
                            + "WHERE subject = $1 AND project_id = $2 AND key = $3")
                    .execute(Tuple.of(subject, projectId, key))
                    .map(existing -> {
                        if (existing.size() == 0) {
                            // Released between our insert attempt and this read: the retry is the partner's to make.
                            return new InFlight();
                        }
                        Row row = existing.iterator().next();
                        if (!row.getString("request_hash").equals(requestHash)) {
                            return new Reused();
                        }
                        Integer status = row.getInteger("status_code");
                        return status == null ? new InFlight() : new Replay(status, row.getString("response_body"));
                    });
        });
    }

    public Uni<Void> complete(String subject, String projectId, String key, int status, String body) {
        return pool.preparedQuery("UPDATE idempotency_keys SET status_code = $4, response_body = $5 "
                        + "WHERE subject = $1 AND project_id = $2 AND key = $3")
                .execute(Tuple.of(subject, projectId, key, status, body)).replaceWithVoid();
    }

    public Uni<Void> release(String subject, String projectId, String key) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE subject = $1 AND project_id = $2 AND key = $3")
                .execute(Tuple.of(subject, projectId, key)).replaceWithVoid();
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.idempotencyTtl().toSeconds())).replaceWithVoid();
    }
}
