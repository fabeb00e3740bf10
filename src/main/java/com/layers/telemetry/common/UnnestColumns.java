package com.layers.telemetry.common;

import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a set-based {@code INSERT … SELECT FROM unnest($1::type[], …)}: one typed array per column
 * (the reactive client needs {@code String[]}, {@code OffsetDateTime[]}… to bind arrays), filled a row at a time.
 */
public final class UnnestColumns {
    private final Object[] columns;
    private int row;

    public UnnestColumns(int rows, Class<?>... types) {
        columns = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            columns[i] = Array.newInstance(types[i], rows);
        }
    }

    public UnnestColumns add(Object... values) {
        for (int i = 0; i < columns.length; i++) {
            Array.set(columns[i], row, values[i]);
        }
        row++;
        return this;
    }

    public Tuple tuple() {
        List<Object> params = new ArrayList<>(columns.length);
        for (Object column : columns) {
            params.add(column);
        }
        return Tuple.tuple(params);
    }
}
