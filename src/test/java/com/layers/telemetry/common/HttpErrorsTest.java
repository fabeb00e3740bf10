package com.layers.telemetry.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
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

    @Test
    void wrongMethodIs405() {
        envelope(Api.as(TestKeys.admin()).put("/v1/admin/projects").then(), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void malformedJsonIs400() {
        envelope(Api.as(TestKeys.admin()).body("{\"name\": ").post("/v1/admin/projects").then(), 400, "VALIDATION");
        envelope(Api.as(TestKeys.admin()).body("{\"name\": [1,2]}").post("/v1/admin/projects").then(), 400, "VALIDATION");
    }

    @Test
    void tooLargeIs413() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        envelope(Api.as(TestKeys.admin()).body(big).post("/v1/admin/projects").then(), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void wrongContentTypeIs415() {
        envelope(given().header("Authorization", "Bearer " + TestKeys.admin()).contentType(ContentType.TEXT)
                .body("name=x").post("/v1/admin/projects").then(), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void callersRequestIdIsEchoed() {
        given().header("X-Request-Id", "partner-trace-42").get("/no/such/route").then()
                .statusCode(404)
                .header("X-Request-Id", equalTo("partner-trace-42"))
                .body("error.requestId", equalTo("partner-trace-42"));
        given().get("/q/health/live").then().statusCode(200).header("X-Request-Id", notNullValue());
    }
}
