package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.ProcessStack;
import com.layers.telemetry.support.ServiceProcess;
import com.layers.telemetry.support.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged service as operators run it: its entry point, its shutdown, and the manifests built with it. */
class PackagedServiceIT {
    private static ProcessStack stack;
    private static ServiceProcess service;

    @BeforeAll
    static void stack() {
        stack = ProcessStack.start();
        service = stack.service();
        service.start("packaged-it");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_pk', 'Packaged')");
        Db.execute("INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_pk', 'app_pk', 'A', 'ios')");
    }

    @AfterAll
    static void teardown() {
        service.kill();
        stack.stop();
    }

    private static int port() {
        return URI.create(service.baseUrl()).getPort();
    }

    @Test
    void aTargetThatIsNotAValidUriIsAnsweredInTheEnvelope() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.getOutputStream()
                    .write("GET /v1/projects/%zz/users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("x-request-id: req_")
                    .contains("\"code\":\"VALIDATION\"");
        }
    }

    @Test
    void kubernetesManifestsDescribeAGracefulScaledOutDeployment() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        new ObjectMapper(new YAMLFactory())
                .readerFor(JsonNode.class)
                .readValues(
                        stack.root().resolve("target/kubernetes/kubernetes.yml").toFile())
                .forEachRemaining(d -> docs.add((JsonNode) d));
        Map<String, JsonNode> byKind =
                docs.stream().collect(Collectors.toMap(d -> d.path("kind").asText(), Function.identity()));
        assertThat(byKind).containsKeys("Deployment", "Service", "PodDisruptionBudget");

        JsonNode pod = byKind.get("Deployment").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(byKind.get("Deployment").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(container.at("/lifecycle/preStop/exec/command").toString()).contains("sleep");
        // The pod is given longer than the 20 s drain plus the preStop pause before it is killed.
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isGreaterThan(25);
        assertThat(container.path("envFrom").toString()).contains("partner-telemetry");
        assertThat(byKind.get("PodDisruptionBudget")
                        .at("/spec/selector/matchLabels/app.kubernetes.io~1name")
                        .asText())
                .isEqualTo("partner-telemetry");
        assertThat(byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt())
                .isEqualTo(1);
        // Migrations run in the pods, not in a Job the Deployment would wait for.
        assertThat(byKind).doesNotContainKey("Job");
    }

    @Test
    void aSigtermLetsTheRequestInFlightFinish() throws Exception {
        String token = TestKeys.token("events:write", List.of("prj_pk"));
        String event = "{\"name\":\"app_open\",\"occurredAt\":\"" + Instant.now()
                + "\",\"appUserId\":\"u1\",\"eventId\":\"evt_drain\"}";
        String body = "{\"projectId\":\"prj_pk\",\"sdkAppId\":\"app_pk\",\"events\":[" + event + "]}";
        String first = body.substring(0, 20);
        String rest = body.substring(20);
        try (Socket socket = new Socket("127.0.0.1", port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // The request is in flight: the service has begun reading its body (it said 100 Continue) and has the
            // first part of it; the rest is still to come.
            out.write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n"
                            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100");
            out.write(chunk(first).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread stopper = new Thread(service::stop);
            stopper.start();
            // Shutting down: every answer now closes its connection, while the request in flight may still finish.
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    return http.send(
                                    HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/live"))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .headers()
                            .firstValue("connection")
                            .filter("close"::equalsIgnoreCase)
                            .isPresent();
                } catch (IOException refusedOrTimedOut) {
                    return true;
                }
            });
            out.write((chunk(rest) + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 202").contains("\"accepted\":1");
            stopper.join(30_000);
        } finally {
            service.start("packaged-it-after-stop");
        }
    }

    /** An interim answer's status line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }
}
