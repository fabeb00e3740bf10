package com.layers.telemetry.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.support.TestPostgres;
import com.layers.telemetry.userdata.ProfileProperties;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator's existing data survives migration V4: properties, set-once values and unsets of user_properties, and
 * the daily rollup, end up in the folded profile row and read as before; user counts keep their totals.
 */
class ProfileFoldMigrationTest {
    private static TestPostgres pg;

    @BeforeAll
    static void database() {
        pg = TestPostgres.scratch(
                Path.of(System.getProperty("project.root", ".")).toAbsolutePath());
    }

    @AfterAll
    static void drop() {
        pg.drop();
    }

    @Test
    void foldsPropertiesAndDailyActivityIntoTheProfile() throws Exception {
        pg.migrateTo("3");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO user_profiles (project_id, app_user_id, first_seen, last_seen, event_count, device_ids, event_types, updated_at)
                    VALUES ('p', 'u', '2026-11-01T00:00:00Z', '2026-11-20T10:00:00Z', 6, '{}', '{x}', now());
                    INSERT INTO user_properties (project_id, app_user_id, key, value, unset, occurred_at, received_at, event_id,
                                                 once_value, once_occurred_at, once_received_at, once_event_id) VALUES
                      ('p', 'u', 'plan', '"pro"', false, '2026-11-20T10:00:00Z', '2026-11-20T10:00:01Z', 'e2', NULL, NULL, NULL, NULL),
                      ('p', 'u', 'source', NULL, true, '2026-11-02T00:00:00Z', '2026-11-02T00:00:01Z', 'e3',
                       '"ads"', '2026-11-03T00:00:00Z', '2026-11-03T00:00:01Z', 'e4'),
                      ('p', 'u', 'gone', NULL, true, '2026-11-05T00:00:00Z', '2026-11-05T00:00:01Z', 'e5',
                       '"x"', '2026-11-04T00:00:00Z', '2026-11-04T00:00:01Z', 'e6');
                    INSERT INTO user_daily_activity VALUES ('p', 'u', '2026-11-20', 3), ('p', 'u', '2026-11-19', 2), ('p', 'u', '2026-10-01', 1);
                    INSERT INTO project_user_counts VALUES ('p', 1);
                    INSERT INTO conversion_daily VALUES ('p', '2026-11-20', 'Purchase', 'USD', 2, 19.98);""");
        }
        pg.migrateTo("latest");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement s = c.createStatement()) {
            ResultSet rs =
                    s.executeQuery("SELECT props::text, props_once::text, activity_day, activity FROM user_profiles");
            rs.next();
            ObjectMapper json = new ObjectMapper();
            var view = ProfileProperties.view(json.readTree(rs.getString(1)), json.readTree(rs.getString(2)));
            assertThat(view.get("plan").asText()).isEqualTo("pro");
            assertThat(view.get("source").asText())
                    .as("set-once after the unset")
                    .isEqualTo("ads");
            assertThat(view.has("gone")).as("unset after the set-once").isFalse();
            assertThat(rs.getDate(3).toLocalDate()).isEqualTo(LocalDate.parse("2026-11-20"));
            Integer[] activity = (Integer[]) rs.getArray(4).getArray();
            assertThat(activity[0]).isEqualTo(3);
            assertThat(activity[1]).isEqualTo(2);
            assertThat(Arrays.stream(activity).mapToInt(Integer::intValue).sum())
                    .as("October is outside 32 days")
                    .isEqualTo(5);
            rs = s.executeQuery(
                    "SELECT (SELECT sum(users) FROM project_user_counts), (SELECT sum(revenue) FROM conversion_daily)");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("19.98");
        }
    }
}
