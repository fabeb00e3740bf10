package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer meets first: deploy/run/local's scripts and docker-compose.yml, checked without starting anything. */
@Tag("unit")
class LocalStackScriptsTest {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", ".")).toAbsolutePath();

    @TempDir
    Path state;

    private record Run(int exit, String output) {}

    private Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("TELEMETRY_STATE_DIR", state.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void upNamesATakenPortInOneLineWithTheVariableThatMovesItAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run up = run(
                    Map.of("SERVICE_PORT", String.valueOf(taken.getLocalPort())),
                    "bash",
                    "deploy/run/local/stack.sh",
                    "up");

            assertThat(up.exit()).isEqualTo(1);
            assertThat(up.output().strip())
                    .isEqualTo("stack: port " + taken.getLocalPort()
                            + " is taken by another process; free it or choose another with SERVICE_PORT=<port>");
            assertThat(state.resolve("service.pid")).doesNotExist();
        }
    }

    @Test
    void devModeChecksItsOwnPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run dev = run(
                    Map.of("DEV_PORT", String.valueOf(taken.getLocalPort())),
                    "bash",
                    "deploy/run/local/stack.sh",
                    "dev");

            assertThat(dev.exit()).isEqualTo(1);
            assertThat(dev.output()).contains("choose another with DEV_PORT=<port>");
        }
    }

    @Test
    void statusReportsThePortTheServiceActuallyUses() throws Exception {
        // A live pid (this JVM) and the port it was started on, as up leaves them.
        Files.writeString(
                state.resolve("service.pid"),
                String.valueOf(ProcessHandle.current().pid()));
        Files.writeString(state.resolve("service.port"), "18123");

        Run status = run(Map.of(), "bash", "deploy/run/local/stack.sh", "status");

        assertThat(status.output()).contains("service: running on http://localhost:18123");
    }

    @Test
    void theWalkthroughActsAsThePartnerWithCurlAndSedOnly() throws Exception {
        Files.writeString(state.resolve("service.port"), "18123");
        Files.writeString(state.resolve("admin-key.txt"), "admin-token");

        Run print = run(Map.of(), "bash", "deploy/run/local/try.sh", "--print");

        String walkthrough = print.output();
        assertThat(print.exit()).isZero();
        assertThat(walkthrough).contains("export BASE=http://localhost:18123");
        assertThat(walkthrough).doesNotContain("jq").doesNotContain("uuidgen");
        // The operator mints a partner key without events:read+pii; everything after that uses it.
        assertThat(walkthrough).contains("\\\"scopes\\\":[\\\"events:write\\\",\\\"events:read\\\"]");
        String afterMinting = walkthrough.substring(walkthrough.indexOf("PARTNER=$("));
        afterMinting = afterMinting.substring(afterMinting.indexOf('\n'));
        assertThat(afterMinting.lines().filter(l -> l.contains("Authorization")).toList())
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(l -> l.contains("Bearer $PARTNER"));
    }

    @Test
    void composeKeepsTheHostsPostgresPortFree() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile());

        assertThat(compose.at("/services/postgres/ports").isMissingNode()).isTrue();
        assertThat(compose.at("/services/telemetry/ports").toString()).contains("8080:8080");
    }

    @Test
    void composeRunsPostgresWithTheStacksSettings() throws IOException {
        JsonNode postgres = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .at("/services/postgres");

        assertThat(postgres.at("/volumes/0").asText())
                .isEqualTo("./deploy/run/postgres/telemetry.conf:/etc/postgresql/telemetry.conf:ro");
        assertThat(postgres.at("/command/0").asText())
                .startsWith("exec docker-entrypoint.sh postgres")
                .contains("-c ")
                .contains("/etc/postgresql/telemetry.conf");
    }

    /**
     * The private cluster a machine without PostgreSQL gets runs with deploy/run/postgres/telemetry.conf, and a server
     * the stack only uses is left as it is, with one line of hint when it runs the stock settings.
     */
    @Test
    void thePrivateClusterRunsTheShippedSettingsAndAStockServerGetsAHint() throws Exception {
        Path bin = Path.of("/usr/lib/postgresql");
        Assumptions.assumeTrue(Files.isDirectory(bin), "PostgreSQL's binaries are not installed");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // The cluster runs as the postgres user when the tests run as root: it must reach the folder.
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of(
                "PG_PORT", String.valueOf(port),
                "PG_PRIVATE_PORT", String.valueOf(port),
                "PG_DIR", state.resolve("postgres").toString());
        try {
            Run started = run(env, "bash", "deploy/run/local/postgres.sh", "start");
            assertThat(started.output()).contains("postgres: private cluster running on 127.0.0.1:" + port);

            Map<String, String> shipped = new TreeMap<>();
            for (String line : Files.readAllLines(ROOT.resolve("deploy/run/postgres/telemetry.conf"))) {
                String setting = line.replaceAll("#.*", "").strip();
                if (!setting.isEmpty()) {
                    String[] nameValue = setting.split("\\s*=\\s*", 2);
                    shipped.put(nameValue[0], nameValue[1]);
                }
            }
            assertThat(shipped).containsEntry("shared_buffers", "1GB").containsEntry("max_wal_size", "8GB");
            for (Map.Entry<String, String> setting : shipped.entrySet()) {
                Run shown = run(
                        Map.of(),
                        "psql",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "-U",
                        "postgres",
                        "-d",
                        "postgres",
                        "-tAc",
                        "SHOW " + setting.getKey());
                assertThat(shown.output().strip()).as(setting.getKey()).isEqualTo(setting.getValue());
            }

            Run used = run(env, "bash", "deploy/run/local/postgres.sh", "start");
            assertThat(used.output().strip()).isEqualTo("postgres: using the server on 127.0.0.1:" + port);
        } finally {
            run(env, "bash", "deploy/run/local/postgres.sh", "stop");
        }

        Run stock = run(Map.of("PG_PORT", "5432"), "bash", "deploy/run/local/postgres.sh", "start");
        Assumptions.assumeTrue(
                run(
                                Map.of(),
                                "psql",
                                "-h",
                                "127.0.0.1",
                                "-U",
                                "postgres",
                                "-d",
                                "postgres",
                                "-tAc",
                                "SHOW shared_buffers")
                        .output()
                        .strip()
                        .equals("128MB"),
                "no server with stock settings on 5432 to show the hint");
        assertThat(stock.output().lines().toList())
                .containsExactly(
                        "postgres: using the server on 127.0.0.1:5432",
                        "postgres: hint: the server on 127.0.0.1:5432 has stock settings (shared_buffers 128MB), too few"
                                + " for 10,000 events/s; apply deploy/run/postgres/telemetry.conf (README, Performance) or"
                                + " let the stack start its own with PG_PORT=54329");
    }

    @Test
    void everyRepositoryFileTheReadmeCitesExists() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher cited =
                Pattern.compile("(?<![\\w.])(?:deploy|src|\\.ci)/[\\w./-]*\\w").matcher(readme);
        int files = 0;
        while (cited.find()) {
            files++;
            assertThat(ROOT.resolve(cited.group()))
                    .as("README cites " + cited.group())
                    .exists();
        }
        assertThat(files).isGreaterThan(20);
    }

    /**
     * Comments cite only documents that are in the repository (a comment pointing at a file no reader has sends them
     * nowhere). Applied migrations are left as they are: Flyway checksums them, comments included.
     */
    @Test
    void everyDocumentTheSourcesCiteExists() throws IOException {
        Pattern document = Pattern.compile("(?<![\\w/.-])([\\w-]+\\.md)\\b");
        List<String> missing = new ArrayList<>();
        try (var files = Files.walk(ROOT.resolve("src"))) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.(java|properties|sh|yml|yaml|xml)$"))
                    .toList()) {
                Matcher m = document.matcher(Files.readString(file));
                while (m.find()) {
                    if (!Files.exists(ROOT.resolve(m.group(1)))) {
                        missing.add(ROOT.relativize(file) + " cites " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
