package com.layers.telemetry.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** The packaged service (target/quarkus-app) as a real OS process, for tests that kill it. */
public final class ServiceProcess {
    private final Path root;
    private final Map<String, String> env;
    private final int port;
    private Process process;

    public ServiceProcess(Path root, TestPostgres pg, TestKafka kafka) {
        this.root = root;
        this.port = freePort();
        this.env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", pg.user());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        env.put("TELEMETRY_KEYS_DIR", root.resolve("src/test/resources/keys").toString());
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                root.resolve("src/test/resources/keys/test-public.pem").toString());
        env.put(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                root.resolve("src/test/resources/keys/test-private.pem").toString());
        env.put("RELAY_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1uZXZlci11c2UtZWxzZXdoZXI=");
        env.put("PRIVACY_HASH_KEY", "dGVzdC1vbmx5LXByaXZhY3ktaGFzaC1rZXktbm9wZSE=");
    }

    /** An environment variable for the service's next start. */
    public ServiceProcess withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    public void start(String logName) {
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", "target/quarkus-app/quarkus-run.jar")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("target/" + logName + ".log").toFile());
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited; see target/" + logName + ".log");
            }
            return http.send(
                                    HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        });
    }

    /** SIGTERM, as an orchestrator stops a pod, and waits for the process to end. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown hooks, no last offset commit, as a crashed pod. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
