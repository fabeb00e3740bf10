package com.layers.telemetry.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * State held in memory and kept in step with a table by what changed since the last load: a first load that must
 * succeed, then a reload every interval (a failed one is logged and tried again next time). Rows from the last
 * second are read again, since a commit can land with an earlier timestamp than one already seen.
 *
 * @param <T> a changed row
 */
public final class ChangeReload<T> {
    private static final Logger LOG = Logger.getLogger(ChangeReload.class);

    private final String name;
    private final Function<OffsetDateTime, Uni<List<T>>> changedSince;
    private final Function<T, OffsetDateTime> changedAt;
    private final Consumer<T> apply;
    private volatile OffsetDateTime loadedUpTo = OffsetDateTime.parse("1970-01-01T00:00:00Z");
    private volatile Poller poller;

    /**
     * @param changedSince the rows changed at or after a time
     * @param changedAt when a row changed
     * @param apply what a changed row does to the state in memory
     */
    public ChangeReload(
            String name,
            Function<OffsetDateTime, Uni<List<T>>> changedSince,
            Function<T, OffsetDateTime> changedAt,
            Consumer<T> apply) {
        this.name = name;
        this.changedSince = changedSince;
        this.changedAt = changedAt;
        this.apply = apply;
    }

    /** Loads everything now (waiting at most 30 s), then reloads what changed every {@code interval}. */
    public void start(Vertx vertx, Duration interval) {
        reload().await().atMost(Duration.ofSeconds(30));
        poller = Poller.start(
                vertx,
                interval,
                name,
                () -> reload().onFailure()
                        .invoke(e -> LOG.warnf(e, "%s: could not reload", name))
                        .onFailure()
                        .recoverWithNull());
    }

    public void stop() {
        if (poller != null) {
            poller.stop();
        }
    }

    private Uni<Void> reload() {
        return changedSince
                .apply(loadedUpTo.minusSeconds(1))
                .invoke(rows -> rows.forEach(row -> {
                    apply.accept(row);
                    OffsetDateTime at = changedAt.apply(row);
                    if (at.isAfter(loadedUpTo)) {
                        loadedUpTo = at;
                    }
                }))
                .replaceWithVoid();
    }
}
