package com.layers.telemetry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real stack under every test: a fresh database of its own on the Postgres that {@code postgres.sh} finds or
 * starts, and a private Kafka broker started by {@code kafka.sh}, the same scripts the local stack runs.
 */
public class TelemetryStackResource implements QuarkusTestResourceLifecycleManager {
    private TestPostgres postgres;
    private TestKafka kafka;

    @Override
    public Map<String, String> start() {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        postgres = TestPostgres.create(root);
        kafka = TestKafka.start(root);
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", kafka.bootstrap());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.drop();
        }
    }
}
