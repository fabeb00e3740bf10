package com.layers.telemetry.ratelimit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
    private static final String TAKE =
            upsert("VALUES ($1, $2::float8 - $3::float8, clock_timestamp())", 1) + " RETURNING tokens";
    /**
     * Two buckets in one round trip: the second is charged only when the first allowed (its insert's source row
     * exists only then), so a request the first refuses costs the second nothing.
     */
    private static final String TAKE_BOTH = "WITH first_bucket AS ("
            + upsert("VALUES ($1, $2::float8 - $3::float8, clock_timestamp())", 1)
            + " RETURNING 1), second_bucket AS ("
            + upsert(
                    "SELECT $5, $6::float8 - $7::float8, clock_timestamp() WHERE EXISTS (SELECT 1 FROM first_bucket)",
                    5)
            + " RETURNING 1) SELECT EXISTS (SELECT 1 FROM first_bucket) AS first_ok, EXISTS (SELECT 1 FROM second_bucket) AS second_ok";

    private static final String PEEK = """
            SELECT LEAST($2::float8, tokens + $3::float8 * EXTRACT(EPOCH FROM clock_timestamp() - updated_at))::float8
                   AS available
              FROM rate_buckets WHERE bucket = $1""";

    private final Pool pool;

    public TokenBucketRepository(Pool pool) {
        this.pool = pool;
    }

    /** Allowed, or refused with how long until the cost will be there. */
    public record Decision(boolean allowed, Duration retryAfter) {}

    /** Takes the cost from the bucket, or refuses with how long until it will be there. */
    public Uni<Decision> take(Take t) {
        return pool.preparedQuery(TAKE)
                .execute(Tuple.of(t.bucket(), (double) t.burst(), t.charge(), t.perSecond()))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Decision(true, Duration.ZERO))
                        : retryAfter(t).map(wait -> new Decision(false, wait)));
    }

    /**
     * The statement that refills a bucket by the time elapsed and takes the cost under the row lock, or leaves it
     * untouched when the cost is not there; parameters from {@code $p}: bucket, burst, cost, rate per second.
     */
    private static String upsert(String source, int p) {
        String burst = "$" + (p + 1) + "::float8";
        String cost = "$" + (p + 2) + "::float8";
        String rate = "$" + (p + 3) + "::float8";
        String available =
                "LEAST(" + burst + ", b.tokens + " + rate + " * EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at))";
        return "INSERT INTO rate_buckets AS b (bucket, tokens, updated_at) " + source
                + " ON CONFLICT (bucket) DO UPDATE SET tokens = " + available + " - " + cost
                + ", updated_at = clock_timestamp() WHERE " + available + " >= " + cost;
    }

    /** A bucket (capacity {@code burst}, refilled at {@code perSecond}) and the tokens to take from it. */
    public record Take(String bucket, int cost, double perSecond, int burst) {
        /** A cost above the capacity is charged as the capacity, so a single batch can always pass an idle bucket. */
        double charge() {
            return Math.min(cost, burst);
        }
    }

    /** Allowed, or refused by {@code first} or {@code second} with how long until its cost will be there. */
    public record PairDecision(boolean allowed, boolean firstRefused, Duration retryAfter) {}

    /** Takes from {@code first}, then from {@code second} only if the first allowed; one statement. */
    public Uni<PairDecision> takeBoth(Take first, Take second) {
        Tuple args = Tuple.of(first.bucket(), (double) first.burst(), first.charge(), first.perSecond())
                .addString(second.bucket())
                .addDouble((double) second.burst())
                .addDouble(second.charge())
                .addDouble(second.perSecond());
        return pool.preparedQuery(TAKE_BOTH).execute(args).chain(rows -> {
            Row r = rows.iterator().next();
            if (r.getBoolean("first_ok") && r.getBoolean("second_ok")) {
                return Uni.createFrom().item(new PairDecision(true, false, Duration.ZERO));
            }
            Take refused = r.getBoolean("first_ok") ? second : first;
            return retryAfter(refused).map(wait -> new PairDecision(false, refused == first, wait));
        });
    }

    /** How long until the bucket holds the cost again (at least a second). */
    private Uni<Duration> retryAfter(Take t) {
        return pool.preparedQuery(PEEK)
                .execute(Tuple.of(t.bucket(), (double) t.burst(), t.perSecond()))
                .map(peek -> {
                    double available = peek.size() > 0 ? peek.iterator().next().getDouble("available") : 0;
                    double seconds = Math.max(0, t.charge() - available) / t.perSecond();
                    return Duration.ofMillis(Math.max(1000, (long) Math.ceil(seconds * 1000)));
                });
    }
}
