package com.layers.telemetry.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a round, then the next one {@code interval} after it ended: never two at once, and at the interval asked
 * for. Quarkus's scheduler looks at its triggers once a second, so an {@code every} of 250 ms ran once a second.
 */
public final class Poller {
    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final Vertx vertx;
    private final long intervalMillis;
    private final String name;
    private final Supplier<Uni<?>> round;
    private volatile boolean stopped;
    private volatile long timer = -1;

    private Poller(Vertx vertx, Duration interval, String name, Supplier<Uni<?>> round) {
        this.vertx = vertx;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.name = name;
        this.round = round;
    }

    /** Starts polling: the first round one interval from now. */
    public static Poller start(Vertx vertx, Duration interval, String name, Supplier<Uni<?>> round) {
        Poller poller = new Poller(vertx, interval, name, round);
        poller.schedule();
        return poller;
    }

    /** No round starts after this; one under way finishes (or is cut short with the process). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(intervalMillis, id -> run());
        }
    }

    private void run() {
        Uni.createFrom().deferred(round).subscribe().with(done -> schedule(), failure -> {
            LOG.warnf("%s round failed: %s", name, failure.toString());
            schedule();
        });
    }
}
