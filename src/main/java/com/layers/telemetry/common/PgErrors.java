package com.layers.telemetry.common;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** What a PostgreSQL failure means to callers, by SQLSTATE. */
public final class PgErrors {
    private PgErrors() {}

    /** A storage statement found a project's privacy lists newer than those it was planned with. */
    public static boolean isPrivacyMoved(Throwable e) {
        return e instanceof PgException pg && "TLPRV".equals(pg.getSqlState());
    }

    public static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /**
     * SQLSTATE classes 22 (data exception), 23 (integrity) and 54 (limits): the rows themselves are refused, so
     * retrying the same rows cannot help.
     */
    public static boolean isRefusedData(Throwable e) {
        if (!(e instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String cls = pg.getSqlState().substring(0, 2);
        return cls.equals("22") || cls.equals("23") || cls.equals("54");
    }

    /**
     * The database is unreachable or refusing work for now, not refusing this request: no connection (refused,
     * reset, closed, timed out), SQLSTATE class 08 (connection exception), 53 (insufficient resources), 57P
     * (shutting down, restarting, not accepting connections yet), or a database closed to connections (55000 at
     * connect). Callers answer 503 with Retry-After.
     */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08")
                        || state.startsWith("53")
                        || state.startsWith("57P")
                        || ("55000".equals(state)
                                && String.valueOf(pg.getErrorMessage()).contains("accepting connections"))) {
                    return true;
                }
            }
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Connection reset")) {
                return true;
            }
            // The pool's "Timeout" while waiting for a connection carries no type of its own.
            if (t.getClass().getName().startsWith("io.vertx.core.impl.NoStackTrace")
                    && "Timeout".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
