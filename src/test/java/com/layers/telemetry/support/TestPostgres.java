package com.layers.telemetry.support;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/** A database of its own for this test run, so concurrent or repeated runs never see each other's rows. */
public final class TestPostgres {
    private static volatile String currentJdbcUrl;
    private static volatile TestPostgres current;
    private final String host;
    private final int port;
    private final String user;
    private final String database;

    private TestPostgres(String host, int port, String user, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.database = database;
    }

    /** A fresh database for this test run, which {@link Db} then asserts on. */
    public static TestPostgres create(Path root) {
        TestPostgres pg = scratch(root);
        currentJdbcUrl = pg.jdbcUrl();
        current = pg;
        return pg;
    }

    /** A fresh database of its own (for tests that build a schema step by step), leaving {@link Db} alone. */
    public static TestPostgres scratch(Path root) {
        Scripts.run(root, Map.of(), "bash", "deploy/run/local/postgres.sh", "start");
        URI server = URI.create(Scripts.run(root, Map.of(), "bash", "deploy/run/local/postgres.sh", "url"));
        String user = System.getenv().getOrDefault("PG_USER", "postgres");
        String db = "telemetry_test_" + System.currentTimeMillis() + "_"
                + ThreadLocalRandom.current().nextInt(1000, 9999);
        TestPostgres pg = new TestPostgres(server.getHost(), server.getPort(), user, db);
        pg.admin("CREATE DATABASE " + db);
        return pg;
    }

    /** Applies the service's migrations up to {@code target} ("latest" for all): a schema built step by step. */
    public void migrateTo(String target) {
        Flyway.configure()
                .dataSource(jdbcUrl(), null, null)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    /** JDBC URL of the running test database, for assertions on rows. */
    public static String jdbcUrlOfCurrent() {
        return currentJdbcUrl;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
    }

    public String user() {
        return user;
    }

    /** The database of this test run. */
    public static TestPostgres current() {
        return current;
    }

    /**
     * An outage as the service sees one: every connection to the database is closed and no new one is accepted
     * (the server keeps running for the other databases on it) until {@link #endOutage()}.
     */
    public void beginOutage() {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }

    public void endOutage() {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    /** {@code pg_dump --data-only} of the database: every row, as text. */
    public String dumpData() {
        String bin = Scripts.run(
                Path.of(System.getProperty("project.root", ".")).toAbsolutePath(),
                Map.of(),
                "bash",
                "-c",
                "command -v pg_dump || ls -d /usr/lib/postgresql/*/bin/pg_dump | sort -V | tail -1");
        return Scripts.run(
                Path.of(System.getProperty("project.root", ".")).toAbsolutePath(),
                Map.of(),
                bin.strip(),
                "--data-only",
                "-h",
                host,
                "-p",
                String.valueOf(port),
                "-U",
                user,
                database);
    }

    public void drop() {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
