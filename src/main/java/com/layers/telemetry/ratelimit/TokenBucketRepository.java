package com.layers.telemetry.ratelimit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Token buckets kept in PostgreSQL, so a limit holds exactly across every instance (no per-instance split to
 * approximate). One statement refills by elapsed time and takes the cost atomically under the row lock. Bucket4j
 * was the library considered: its distributed back ends need Redis/Hazelcast or a blocking JDBC driver, neither of
 * which fits a reactive service whose only shared state is Postgres.
 */
@ApplicationScoped
public class TokenBucketRepository {
    private static final String TAKE = """
            INSERT INTO rate_buckets AS b (bucket, tokens, updated_at)
            VALUES ($1, $2::float8 - $3::float8, clock_timestamp())
            ON CONFLICT (bucket) DO UPDATE
               SET tokens = LEAST($2::float8, b.tokens + $4::float8 * EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at))
                            - $3::float8,
                   updated_at = clock_timestamp()
             WHERE LEAST($2::float8, b.tokens + $4::float8 * EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at))
                   >= $3::float8
            RETURNING tokens""";
    private static final String PEEK = """
            SELECT LEAST($2::float8, tokens + $3::float8 * EXTRACT(EPOCH FROM clock_timestamp() - updated_at))::float8
                   AS available
              FROM rate_buckets WHERE bucket = $1""";

    private final Pool pool;

    public TokenBucketRepository(Pool pool) {
        this.pool = pool;
    }

    /** Allowed, or refused with how long until {@code cost} tokens will be there. */
    public record Decision(boolean allowed, Duration retryAfter) {}

    /**
     * Takes {@code cost} tokens from {@code bucket} (capacity {@code burst}, refilled at {@code perSecond}). A cost
     * above the capacity is charged as the capacity, so a single batch can always pass an idle bucket.
     */
    public Uni<Decision> take(String bucket, int cost, double perSecond, int burst) {
        double charge = Math.min(cost, burst);
        return pool.preparedQuery(TAKE)
                .execute(Tuple.of(bucket, (double) burst, charge, perSecond))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Decision(true, Duration.ZERO))
                        : pool.preparedQuery(PEEK)
                                .execute(Tuple.of(bucket, (double) burst, perSecond))
                                .map(peek -> refused(peek, charge, perSecond)));
    }

    private static Decision refused(RowSet<Row> peek, double charge, double perSecond) {
        double available = peek.size() > 0 ? peek.iterator().next().getDouble("available") : 0;
        double seconds = Math.max(0, charge - available) / perSecond;
        return new Decision(false, Duration.ofMillis(Math.max(1000, (long) Math.ceil(seconds * 1000))));
    }
}
