package com.layers.telemetry.common;

import io.vertx.pgclient.PgException;

/** What a PostgreSQL failure means to callers, by SQLSTATE. */
public final class PgErrors {
    private PgErrors() {
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
}
