package com.layers.telemetry.common;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps one known-harmless Vert.x report out of the ERROR log, and only that one. When the database is unreachable,
 * the SQL client's pool fails the query at once (the caller gets the connection error and handles it), but leaves
 * the query's connection-timeout timer running; when it fires, it fails the same, already failed, promise and
 * Vert.x reports {@code IllegalStateException: Result is already complete} as uncaught (eclipse-vertx/vertx-sql-client
 * #1706, open in 4.5.x). Nothing is lost or left undone by it, so it is counted and logged at DEBUG; every other
 * uncaught exception goes to Quarkus's handler as before (ERROR).
 */
@ApplicationScoped
public class UncaughtVertxErrors {
    private static final Logger LOG = Logger.getLogger(UncaughtVertxErrors.class);
    private final AtomicLong poolTimerRaces = new AtomicLong();

    void install(@Observes StartupEvent event, Vertx vertx) {
        Handler<Throwable> quarkus = vertx.exceptionHandler();
        vertx.exceptionHandler(e -> {
            if (isPoolTimerAfterFailure(e)) {
                poolTimerRaces.incrementAndGet();
                LOG.debug(
                        "The SQL pool's connection timer fired after its query had already failed (vertx-sql-client#1706)");
            } else if (quarkus != null) {
                quarkus.handle(e);
            } else {
                LOG.error("Uncaught exception in Vert.x", e);
            }
        });
    }

    /** How many reports of the pool's timer race were kept out of the log. */
    long poolTimerRaces() {
        return poolTimerRaces.get();
    }

    static boolean isPoolTimerAfterFailure(Throwable e) {
        if (!(e instanceof IllegalStateException) || !"Result is already complete".equals(e.getMessage())) {
            return false;
        }
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length > 1
                && "io.vertx.core.Promise".equals(stack[0].getClassName())
                && "io.vertx.sqlclient.impl.pool.SqlConnectionPool".equals(stack[1].getClassName())
                && stack[1].getMethodName().startsWith("lambda$execute");
    }
}
