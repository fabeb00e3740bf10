package com.layers.telemetry.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Database connections health check"))
                .body(containsString("Kafka brokers"));
        // One application request, so the HTTP server metrics have something to report.
        Api.as(TestKeys.admin()).get("/v1/admin/projects").then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/v1/admin/projects'.post", Matchers.notNullValue())
                .body(
                        "paths.'/v1/events'.post.requestBody.content.'application/json'.examples",
                        Matchers.notNullValue())
                .body(
                        "paths.'/v1/projects/{projectId}/events'.get.responses.'200'.content.'application/json'.examples",
                        Matchers.notNullValue())
                .body(
                        "paths.'/v1/projects/{projectId}/conversions'.get.responses.'200'.content.'application/json'.examples",
                        Matchers.notNullValue())
                .body("paths.'/v1/projects/{projectId}/users/{appUserId}/signal'.get", Matchers.notNullValue())
                .body("paths.'/v1/projects/{projectId}/users/{uid}/events'.get", Matchers.notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
