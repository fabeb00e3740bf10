package com.layers.telemetry.admin;

import io.vertx.pgclient.PgException;

final class PgErrors {
    private PgErrors() {
    }

    static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }
}
