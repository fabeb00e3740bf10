package com.layers.telemetry.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against the test run's database, for assertions on rows. */
public final class Db {
    private Db() {}

    public static List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrlOfCurrent());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object value = "timestamptz".equals(md.getColumnTypeName(i))
                                ? rs.getObject(i, OffsetDateTime.class)
                                : rs.getObject(i);
                        row.put(md.getColumnLabel(i), value);
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** {@code EXPLAIN (ANALYZE, FORMAT JSON)} of a statement run with these arguments, as text. */
    public static String plan(String sql, Object... args) {
        return rows("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, args)
                .get(0)
                .values()
                .iterator()
                .next()
                .toString();
    }

    public static long count(String sql, Object... args) {
        return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
    }

    public static void execute(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrlOfCurrent());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
