package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's examples run as pasted: every shell block that calls the service ({@code $BASE}), in the README's order,
 * in one bash session, against the service under test, with only BASE and ADMIN given (as a reader with the stack up
 * has them). Each prints what the README says it does.
 */
@QuarkusTest
class ReadmeExamplesTest {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
    private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyExampleRunsAsPasted() throws Exception {
        // The local stack's AdServices fake answers any token with this record; here only the README's token gets it.
        String attributed = Files.readString(ROOT.resolve("deploy/run/adservices-fake/mappings/00-attributed.json"));
        FakePlatforms.adservices()
                .addStubMapping(StubMapping.buildFrom(attributed
                        .replace("\"priority\": 10,", "\"priority\": 1,")
                        .replace(
                                "\"url\": \"/api/v1/\"}",
                                "\"url\": \"/api/v1/\", \"bodyPatterns\": [{\"equalTo\": \"any-token\"}]}")));

        List<String> examples = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            if (m.group(1).contains("$BASE")) {
                examples.add(m.group(1));
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        Path script = Files.createTempFile("readme-examples", ".sh");
        Files.writeString(script, "set -uo pipefail\n" + String.join("\n", examples));
        ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        bash.environment().put("BASE", base.toString().replaceAll("/$", ""));
        bash.environment().put("ADMIN", TestKeys.admin());
        Process run = bash.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        assertThat(out)
                .as("project, app and key")
                .contains("\"id\":\"prj_demo\"", "\"id\":\"app_demo\"", "partner key: ey")
                .as("a batch with one good and one bad event")
                .contains("\"accepted\":1,\"skipped\":0,\"suppressed\":0,\"failed\":1")
                .as("the user's signal")
                .contains("\"appUserId\":\"user_42\"")
                .as("both destinations, and the purchase sent to each")
                .contains("\"pixelId\":\"1234567890\"", "\"eventSourceId\":\"7123456789\"")
                .containsPattern(
                        "\"destination\":\"meta\",\"status\":\"sent\"[\\s\\S]*\"destination\":\"tiktok\",\"status\":\"sent\"")
                .as("the install's attribution record")
                .contains("\"campaignId\":542370539")
                .as("a privacy request")
                .contains("\"type\":\"suppress_and_delete\",\"status\":\"pending\",\"appUserIds\":1")
                .as("a cohort")
                .contains("\"cohortId\":\"repeat_buyers\",\"name\":\"Repeat buyers\"");
        assertThat(out).doesNotContain("UNAUTHENTICATED", "command not found");
    }

    /** The table of contents lists every section and subsection, in order, with working anchors. */
    @Test
    void theContentsListEverySection() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String outsideCode = readme.replaceAll("(?s)```.*?```", "");
        List<String> headings = new ArrayList<>();
        Matcher h = Pattern.compile("(?m)^(##|###) (.+)$").matcher(outsideCode);
        while (h.find()) {
            if (!h.group(2).equals("Contents")) {
                String anchor =
                        h.group(2).toLowerCase().replaceAll("[^\\w\\- ]", "").replace(' ', '-');
                headings.add(("###".equals(h.group(1)) ? "  " : "") + "- [" + h.group(2) + "](#" + anchor + ")");
            }
        }
        String contents =
                readme.substring(readme.indexOf("## Contents\n\n") + 13, readme.indexOf("\n\n## The two commands"));
        assertThat(contents.lines().toList()).isEqualTo(headings);
    }
}
