package com.layers.telemetry.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.layers.telemetry.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator's destinations survive migration V8: the TikTok store app id moves into settings, every other field
 * stays, and a platform the code adds later is no longer refused by a CHECK constraint.
 */
class DestinationSettingsMigrationTest {
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
    void theStoreAppIdMovesIntoSettingsAndEveryPlatformIsAccepted() throws Exception {
        pg.migrateTo("7");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO projects (id, name) VALUES ('p', 'P');
                    INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('p', 'a', 'A', 'ios');
                    INSERT INTO relay_destinations (project_id, sdk_app_id, destination, target_id, access_token, test_event_code,
                                                    store_app_id, event_mapping, forward_unmapped)
                    VALUES ('p', 'a', 'meta', '123', '\\x01', 'TEST1', NULL, '{"x": "Purchase"}', false),
                           ('p', 'a', 'tiktok', '456', '\\x02', NULL, '6448311069', '{}', true);""");
        }
        pg.migrateTo("latest");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement s = c.createStatement()) {
            Map<String, String> rows = new LinkedHashMap<>();
            ResultSet rs =
                    s.executeQuery("SELECT destination, target_id || '|' || coalesce(test_event_code, '-') || '|' "
                            + "|| settings::text || '|' || event_mapping::text || '|' || forward_unmapped FROM relay_destinations "
                            + "ORDER BY destination");
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
            assertThat(rows)
                    .containsEntry("meta", "123|TEST1|{}|{\"x\": \"Purchase\"}|false")
                    .containsEntry("tiktok", "456|-|{\"appId\": \"6448311069\"}|{}|true");
            s.execute("""
                    INSERT INTO relay_destinations (project_id, sdk_app_id, destination, target_id, access_token)
                    VALUES ('p', 'a', 'snap', 'pixel-1', '\\x03')""");
        }
    }
}
