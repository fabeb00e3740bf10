package com.layers.telemetry.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A private broker for this test run, stoppable and restartable on the same port to test outages. */
public final class TestKafka {
    private static volatile TestKafka current;
    private final Path root;
    private final Map<String, String> env;
    private final String bootstrap;
    private final Path dir;

    private TestKafka(Path root, Path dir, int port, int controllerPort) {
        this.root = root;
        this.dir = dir;
        this.bootstrap = "127.0.0.1:" + port;
        this.env = Map.of(
                "KAFKA_DIR",
                dir.toString(),
                "KAFKA_PORT",
                String.valueOf(port),
                "KAFKA_CONTROLLER_PORT",
                String.valueOf(controllerPort),
                "KAFKA_PARTITIONS",
                "4");
    }

    public static TestKafka start(Path root) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(root.resolve("target")), "kafka-test-");
            TestKafka kafka = new TestKafka(root, dir, freePort(), freePort());
            kafka.up();
            current = kafka;
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestKafka current() {
        return current;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public void up() {
        Scripts.run(root, env, "bash", "deploy/run/local/kafka.sh", "start");
    }

    public void down() {
        Scripts.run(root, env, "bash", "deploy/run/local/kafka.sh", "stop");
    }

    public void stop() {
        down();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover folder under target/ is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
