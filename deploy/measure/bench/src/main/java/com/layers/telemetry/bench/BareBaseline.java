package com.layers.telemetry.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick the storage rate is judged against: the plain set-based insert of the same kind of rows into copies
 * of {@code event_keys} and {@code sdk_events} (same columns, same indexes, read from the live schema), 1,000 rows
 * per statement, one connection, on the same database server in the same run: exactly what the issue calls "the bare
 * {@code INSERT … SELECT unnest … ON CONFLICT}", with no profiles, no Kafka and no service in the way.
 */
final class BareBaseline {
    private static final String KEYS = "bench_bare_event_keys";
    private static final String EVENTS = "bench_bare_sdk_events";
    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[],
                                     ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at, properties,
                         context, device_id, revenue, currency)
            ), new_keys AS (
                INSERT INTO %1$s (project_id, sdk_app_id, event_id, occurred_at)
                SELECT project_id, sdk_app_id, event_id, occurred_at FROM input ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING
                RETURNING project_id, sdk_app_id, event_id
            )
            INSERT INTO %2$s (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at,
                              properties, context, device_id, revenue, currency, source)
            SELECT i.project_id, i.sdk_app_id, i.event_id, i.name, i.app_user_id, i.occurred_at, i.received_at,
                   i.properties::jsonb, i.context::jsonb, i.device_id, i.revenue::numeric, i.currency, 'bench'
              FROM input i JOIN new_keys k USING (project_id, sdk_app_id, event_id)""".formatted(KEYS, EVENTS);

    private BareBaseline() {}

    /** Rows per second of the bare insert of {@code rows} generated events. */
    static double measure(String jdbcUrl, BenchEvents events, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            createTables(c);
            try {
                long started = System.nanoTime();
                String now = Instant.now().toString();
                for (int from = 0; from < rows; from += 1000) {
                    int n = Math.min(1000, rows - from);
                    List<BenchEvents.Event> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(events.next(events.app(), Instant.now()));
                    }
                    insert(c, events.projectId(), batch, now);
                }
                return rows / ((System.nanoTime() - started) / 1e9);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + KEYS + ", " + EVENTS);
                }
            }
        }
    }

    private static void createTables(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + KEYS + ", " + EVENTS);
            s.execute("CREATE TABLE " + KEYS + " (LIKE event_keys INCLUDING ALL)");
            s.execute("CREATE TABLE " + EVENTS + " (LIKE sdk_events INCLUDING DEFAULTS)");
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'sdk_events'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1)
                            .replaceFirst("INDEX \\S+ ON (ONLY )?(public\\.)?sdk_events", "INDEX ON " + EVENTS));
                }
            }
            for (String ddl : indexes) {
                s.execute(ddl);
            }
        }
    }

    private static void insert(Connection c, String projectId, List<BenchEvents.Event> batch, String receivedAt)
            throws Exception {
        int n = batch.size();
        String[][] cols = new String[12][n];
        for (int i = 0; i < n; i++) {
            BenchEvents.Event e = batch.get(i);
            String[] row = {
                projectId,
                e.sdkAppId(),
                e.eventId(),
                e.name(),
                e.appUserId(),
                e.occurredAt().toString(),
                receivedAt,
                e.properties(),
                e.context(),
                e.deviceId(),
                e.revenue(),
                e.currency()
            };
            for (int col = 0; col < row.length; col++) {
                cols[col][i] = row[col];
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int col = 0; col < cols.length; col++) {
                Array a = c.createArrayOf("text", cols[col]);
                ps.setArray(col + 1, a);
            }
            ps.executeUpdate();
        }
    }
}
