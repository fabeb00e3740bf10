package com.layers.telemetry.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * {@code Idempotency-Key} per request, scoped to (key subject, project, endpoint) and kept
 * {@code telemetry.idempotency.ttl}. The first request claims the key with a row whose status is NULL while it runs;
 * only successful answers are stored, anything else releases the key so the partner's retry can run.
 */
@ApplicationScoped
public class IdempotencyRepository {
    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (subject, project_id, key, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (subject, project_id, key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, created_at = now()
             WHERE k.created_at < now() - make_interval(secs => $5)
                OR (k.status_code IS NULL AND k.created_at < now() - make_interval(secs => $6))
            RETURNING 1""";
    private static final String FIND = """
            SELECT request_hash, status_code, response_body FROM idempotency_keys
             WHERE subject = $1 AND project_id = $2 AND key = $3""";
    private static final String COMPLETE = """
            UPDATE idempotency_keys SET status_code = $4, response_body = $5 WHERE subject = $1 AND project_id = $2 AND key = $3""";
    private static final String RELEASE =
            "DELETE FROM idempotency_keys WHERE subject = $1 AND project_id = $2 AND key = $3";
    private static final String EXPIRE =
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final IdempotencyConfig config;
    private final ObjectMapper mapper;

    public IdempotencyRepository(Pool pool, IdempotencyConfig config, ObjectMapper mapper) {
        this.pool = pool;
        this.config = config;
        this.mapper = mapper;
    }

    public sealed interface Claim permits Owned, Replay, InFlight, Reused {}

    /** This request owns the key and must complete or release it. */
    public record Owned() implements Claim {}

    public record Replay(int status, String body) implements Claim {}

    public record InFlight() implements Claim {}

    public record Reused() implements Claim {}

    public Uni<Claim> claim(String subject, String projectId, String key, String requestHash) {
        Tuple args = Tuple.of(subject, projectId, key, requestHash)
                .addDouble((double) config.ttl().toSeconds())
                .addDouble((double) config.inFlightTimeout().toSeconds());
        return pool.preparedQuery(CLAIM).execute(args).chain(rows -> {
            if (rows.size() > 0) {
                return Uni.createFrom().item((Claim) new Owned());
            }
            return pool.preparedQuery(FIND)
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

    /** Stores the answer (serialised as JSON) to replay for this key. */
    public Uni<Void> complete(String subject, String projectId, String key, int status, Object body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery(COMPLETE)
                .execute(Tuple.of(subject, projectId, key, status, json))
                .replaceWithVoid();
    }

    public Uni<Void> release(String subject, String projectId, String key) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(subject, projectId, key))
                .replaceWithVoid();
    }

    @Scheduled(
            every = "1h",
            delay = 1,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return pool.preparedQuery(EXPIRE)
                .execute(Tuple.of((double) config.ttl().toSeconds()))
                .replaceWithVoid();
    }
}
