package com.layers.telemetry.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.LogCapture;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Framework-level failures still answer in the envelope, with a request id, never HTML or a stack trace. */
@QuarkusTest
class HttpErrorsTest {

    private static void envelope(ValidatableResponse r, int status, String code) {
        r.statusCode(status)
                .contentType(startsWith("application/json"))
                .header("X-Request-Id", matchesPattern("req_[0-9a-f]{32}"))
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue())
                .body("error.requestId", matchesPattern("req_[0-9a-f]{32}"));
    }

    @Test
    void unknownRouteIs404() {
        envelope(given().get("/no/such/route").then(), 404, "NOT_FOUND");
        envelope(Api.as(TestKeys.admin()).get("/v1/admin/nothing-here").then(), 404, "NOT_FOUND");
    }

    /** 25 s: 5 s before the 30 s idle timeout, so a client that reads it never sends on a connection being closed. */
    @Test
    void keepAliveAdvertisesWhenTheServerClosesIdleConnectionsExceptOnConnectionsItCloses() {
        given().get("/q/health/live").then().statusCode(200).header("Keep-Alive", equalTo("timeout=25"));
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        Api.as(TestKeys.admin())
                .body(big)
                .post("/v1/admin/projects")
                .then()
                .statusCode(413)
                .header("Connection", equalTo("close"))
                .header("Keep-Alive", Matchers.nullValue());
    }

    @Test
    void wrongMethodIs405() {
        envelope(Api.as(TestKeys.admin()).put("/v1/admin/projects").then(), 405, "METHOD_NOT_ALLOWED");
    }

    /** RFC 9110 §15.5.6: every path of the document answers a method it lacks with 405 and the methods it has. */
    @Test
    void everyPathAnswersAMethodItLacksWith405AndItsAllowHeaderAndOptionsListsThePathsMethods() throws Exception {
        JsonNode paths = new ObjectMapper()
                .readTree(given().accept("application/json").get("/q/openapi").asString())
                .get("paths");
        int checked = 0;
        for (var path : paths.properties()) {
            TreeSet<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase()));
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
            String allow = String.join(", ", methods);
            String url = path.getKey().replaceAll("\\{[^}]+}", "x1");
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (!methods.contains(method)) {
                    envelope(
                            given().header("Authorization", "Bearer " + TestKeys.admin())
                                    .contentType(ContentType.JSON)
                                    .body("{}")
                                    .request(method, url)
                                    .then()
                                    .header("Allow", equalTo(allow)),
                            405,
                            "METHOD_NOT_ALLOWED");
                    checked++;
                }
            }
            given().options(url)
                    .then()
                    .statusCode(204)
                    .header("Allow", equalTo(allow))
                    .header("X-Request-Id", notNullValue());
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void malformedJsonIs400() {
        envelope(
                Api.as(TestKeys.admin())
                        .body("{\"name\": ")
                        .post("/v1/admin/projects")
                        .then(),
                400,
                "VALIDATION");
        envelope(
                Api.as(TestKeys.admin())
                        .body("{\"name\": [1,2]}")
                        .post("/v1/admin/projects")
                        .then(),
                400,
                "VALIDATION");
    }

    @Test
    void tooLargeIs413() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        envelope(Api.as(TestKeys.admin()).body(big).post("/v1/admin/projects").then(), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void wrongContentTypeIs415() {
        envelope(
                given().header("Authorization", "Bearer " + TestKeys.admin())
                        .contentType(ContentType.TEXT)
                        .body("name=x")
                        .post("/v1/admin/projects")
                        .then(),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void callersRequestIdIsEchoed() {
        given().header("X-Request-Id", "partner-trace-42")
                .get("/no/such/route")
                .then()
                .statusCode(404)
                .header("X-Request-Id", equalTo("partner-trace-42"))
                .body("error.requestId", equalTo("partner-trace-42"));
        given().get("/q/health/live").then().statusCode(200).header("X-Request-Id", notNullValue());
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        envelope(given().get("/v1/" + "a".repeat(5000)).then(), 414, "URI_TOO_LONG");
    }

    @Test
    void headersOverTheLimitAre431() {
        envelope(
                given().header("X-Large", "b".repeat(21_000))
                        .get("/q/health/live")
                        .then(),
                431,
                "HEADERS_TOO_LARGE");
    }

    @Test
    void aPathTheRouterCannotDecodeIs400() throws Exception {
        // No HTTP client sends a bad %-escape, so this one is written to the socket.
        String answer;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream()
                    .write("GET /v1/projects/%zz/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer)
                .startsWith("HTTP/1.1 400")
                .containsIgnoringCase("x-request-id: req_")
                .containsIgnoringCase("content-type: application/json")
                .contains("\"code\":\"VALIDATION\"");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WithItsRequestIdAndNothingLoggedAsAnError() throws Exception {
        LogCapture log = new LogCapture().start();
        HttpResponse<String> response;
        try {
            // No Content-Length: the body streams in chunks and is over the 1 MB limit only once read.
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/events"))
                    .header("Authorization", "Bearer " + TestKeys.token("events:write", List.of("*")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                            new SequenceInputStream(Collections.enumeration(Collections.nCopies(32, chunk).stream()
                                    .map(ByteArrayInputStream::new)
                                    .toList()))))
                    .build();
            response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            Thread.sleep(200);
        }
        List<String> lines = log.stop();
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        // The REST layer refuses it mid-read, before our envelope can be written (README, Operations).
        assertThat(response.headers().firstValue("connection")).hasValue("close");
        assertThat(lines).noneMatch(l -> l.startsWith("ERROR") || l.startsWith("SEVERE"));
    }

    @Test
    void metricsAskedForAsJsonAreServedAsTheirOneFormat() {
        given().accept("application/json")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/plain"))
                .header("X-Request-Id", notNullValue());
    }
}
