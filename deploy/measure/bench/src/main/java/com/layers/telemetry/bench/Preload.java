package com.layers.telemetry.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Fills the database with history for the scale benchmark: N stored events of project {@code prj_preload} (50 SDK
 * apps, 1 million users, occurredAt spread over the last 60 days), their dedup keys and their users' profiles,
 * written set-based in chunks of a million (the ingest path would take hours). Event ids follow {@code --ids}, as the
 * measured traffic does.
 */
final class Preload {
    private static final int CHUNK = 1_000_000;
    private static final String ID_RANDOM = "md5(g::text || 'preload')::uuid::text";
    /** UUIDv7-like: the first 48 bits are the event's milliseconds, so ids sort by time. */
    private static final String ID_ORDERED = """
            regexp_replace(lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7' || substr(md5(g::text), 1, 19),
                           '(.{8})(.{4})(.{4})(.{4})(.{12})', '\\1-\\2-\\3-\\4-\\5')""";

    private static final String ROWS = """
            SELECT g, now() - ((g * 7919) %% 5184000) * interval '1 second' AS at, 'app_pre_' || (g %% 50) AS app,
                   'user_' || (g %% 1000000) AS usr, %s AS id
              FROM generate_series(?::bigint, ?::bigint) g""";

    private Preload() {}

    /** Seconds taken. */
    static double run(String jdbcUrl, long events, BenchEvents.Ids ids) throws Exception {
        long started = System.nanoTime();
        String rows = ROWS.formatted(ids == BenchEvents.Ids.RANDOM ? ID_RANDOM : ID_ORDERED);
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO projects (id, name) VALUES ('prj_preload', 'Scale preload') ON CONFLICT DO NOTHING");
            s.execute(
                    "INSERT INTO sdk_apps (project_id, id, name, platform) SELECT 'prj_preload', 'app_pre_' || i, 'Preload', 'ios'"
                            + " FROM generate_series(0, 49) i ON CONFLICT DO NOTHING");
            s.execute("SELECT ensure_sdk_events_partitions((now() - interval '70 days')::date, 4)");
            // Distinct ids for every preload run, small enough that g * 7919 stays within bigint.
            long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000_000L;
            for (long from = 0; from < events; from += CHUNK) {
                long to = Math.min(events, from + CHUNK) - 1;
                c.setAutoCommit(false);
                try (PreparedStatement keys = c.prepareStatement(
                                "INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at) "
                                        + "SELECT 'prj_preload', app, id, at FROM (" + rows
                                        + ") r ORDER BY app, id ON CONFLICT DO NOTHING");
                        PreparedStatement stored = c.prepareStatement("""
                             INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at,
                                                     properties, context, device_id, source)
                             SELECT 'prj_preload', app, id, (ARRAY['app_open', 'screen_view', 'tap', 'paywall_open', 'Purchase'])[1 + g %% 5],
                                    usr, at, at, jsonb_build_object('screen', 'paywall_v3', 'campaign_id', 'camp_' || (g %% 40),
                                    'plan', 'pro'), '{"locale": "en-US", "attStatus": "authorized"}'::jsonb, 'dev-' || usr, 'preload'
                               FROM (%s) r""".formatted(rows))) {
                    for (PreparedStatement ps : new PreparedStatement[] {keys, stored}) {
                        ps.setLong(1, base + from);
                        ps.setLong(2, base + to);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                System.out.printf(
                        "  preloaded %,d of %,d events (%.0f s)%n",
                        to + 1, events, (System.nanoTime() - started) / 1e9);
            }
            System.out.println("  building the preloaded users' profiles...");
            s.execute("""
                    INSERT INTO user_profiles (project_id, app_user_id, first_seen, last_seen, event_count, device_ids,
                                               event_types, updated_at)
                    SELECT project_id, app_user_id, min(occurred_at), max(occurred_at), count(*), array_agg(DISTINCT device_id),
                           array_agg(DISTINCT name), now()
                      FROM sdk_events WHERE project_id = 'prj_preload' GROUP BY project_id, app_user_id
                    ON CONFLICT (project_id, app_user_id) DO UPDATE SET
                        first_seen = LEAST(user_profiles.first_seen, EXCLUDED.first_seen),
                        last_seen = GREATEST(user_profiles.last_seen, EXCLUDED.last_seen),
                        event_count = EXCLUDED.event_count""");
            s.execute("VACUUM ANALYZE event_keys, sdk_events, user_profiles");
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
