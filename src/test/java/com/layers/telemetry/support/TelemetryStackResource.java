package com.layers.telemetry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real stack under every test: a fresh database of its own on the Postgres that {@code postgres.sh} finds or
 * starts, a private Kafka broker started by {@code kafka.sh} (the same scripts the local stack runs), and HTTP fakes
 * of the platforms the service calls.
 */
public class TelemetryStackResource implements QuarkusTestResourceLifecycleManager {
    private TestPostgres postgres;
    private TestKafka kafka;

    @Override
    public Map<String, String> start() {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        postgres = TestPostgres.create(root);
        kafka = TestKafka.start(root);
        Map<String, String> config = new HashMap<>(FakePlatforms.start());
        config.putAll(Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", kafka.bootstrap()));
        return config;
    }

    @Override
    public void stop() {
        FakePlatforms.stop();
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.drop();
        }
    }
}
