package com.layers.telemetry.common;

import io.vertx.mutiny.sqlclient.Tuple;

/** A statement and its arguments, built ahead of the moment it runs. */
public record SqlStatement(String sql, Tuple args) {}
