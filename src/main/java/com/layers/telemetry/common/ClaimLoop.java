package com.layers.telemetry.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The claim → call → record loop the relay and the AdServices exchange share. A round claims due rows in a
 * transaction ({@code FOR UPDATE SKIP LOCKED}: any number of loops and instances, no row held by two), makes the calls
 * they stand for, and records what came of them in the same transaction: killed between a call and its record, the
 * claim rolls back and only that round's calls are made again. A tick runs {@code concurrency} drains at once, each
 * round after round until a claim comes back empty, at most {@value Rounds#MAX_PER_DRAIN} rounds so a tick ends.
 */
public final class ClaimLoop<T> {
    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    private final Pool pool;
    private final String name;
    private final int concurrency;
    private final Function<SqlConnection, Uni<List<T>>> claim;
    private final BiFunction<SqlConnection, List<T>, Uni<Void>> work;

    /**
     * @param claim claims due rows in the transaction it is given
     * @param work makes the claimed rows' calls and records them, in the same transaction
     */
    public ClaimLoop(
            Pool pool,
            String name,
            int concurrency,
            Function<SqlConnection, Uni<List<T>>> claim,
            BiFunction<SqlConnection, List<T>, Uni<Void>> work) {
        this.pool = pool;
        this.name = name;
        this.concurrency = concurrency;
        this.claim = claim;
        this.work = work;
    }

    /** Every drain of a tick; a failed round is logged and its rows stay claimed-for-later (the transaction rolled back). */
    public Uni<Void> tick() {
        return Rounds.atOnce(concurrency, this::drain)
                .onFailure()
                .invoke(e -> LOG.warnf("%s round failed; its rows stay queued: %s", name, e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** Rounds until nothing is due (bounded, so a tick ends). */
    public Uni<Void> drain() {
        return Rounds.whilst(this::round, claimed -> claimed > 0);
    }

    /** One claim, its calls and their record, in one transaction. The number of rows claimed. */
    Uni<Integer> round() {
        return pool.withTransaction(tx -> claim.apply(tx)
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : work.apply(tx, rows).replaceWith(rows.size())));
    }
}
