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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
