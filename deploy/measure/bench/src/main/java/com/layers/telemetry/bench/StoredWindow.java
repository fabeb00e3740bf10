package com.layers.telemetry.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A project's events stored in [from, to): per second, and their accepted→stored p99 in seconds. */
record StoredWindow(double rate, double p99) {
    static StoredWindow of(Connection c, String project, Instant from, Instant to) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) AS n,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p99
                  FROM sdk_events WHERE project_id = ? AND stored_at >= ? AND stored_at < ?""")) {
            ps.setString(1, project);
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double seconds = Duration.between(from, to).toMillis() / 1000.0;
                return new StoredWindow(rs.getLong("n") / seconds, rs.getDouble("p99"));
            }
        }
    }
}
