package com.layers.telemetry.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small rest-assured helpers shared by the HTTP tests. */
public final class Api {
    private Api() {}

    public static RequestSpecification as(String token) {
        return given().filter(OpenApiValidation.filter())
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON);
    }

    /** Creates a project with one SDK app through the admin API and returns their ids. */
    public static ProjectFixture newProject() {
        String projectId =
                "prj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        as(TestKeys.admin())
                .body(Map.of("id", projectId, "name", "Test " + projectId))
                .post("/v1/admin/projects")
                .then()
                .statusCode(201);
        String appId = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        as(TestKeys.admin())
                .body(Map.of("id", appId, "name", "iOS", "platform", "ios"))
                .post("/v1/admin/projects/" + projectId + "/sdk-apps")
                .then()
                .statusCode(201);
        return new ProjectFixture(projectId, appId);
    }

    /** Another SDK app of the project, with its own ingest limit. */
    public static ProjectFixture newLimitedApp(ProjectFixture p, String appId, int eventsPerSecond, int burst) {
        as(TestKeys.admin())
                .body(Map.of(
                        "id",
                        appId,
                        "name",
                        "Limited " + appId,
                        "platform",
                        "server",
                        "rateLimit",
                        Map.of("eventsPerSecond", eventsPerSecond, "burst", burst)))
                .post("/v1/admin/projects/" + p.projectId() + "/sdk-apps")
                .then()
                .statusCode(201)
                .body("rateLimit.eventsPerSecond", equalTo(eventsPerSecond));
        return new ProjectFixture(p.projectId(), appId);
    }

    public record ProjectFixture(String projectId, String sdkAppId) {
        public String key(String scope) {
            return TestKeys.token(scope, List.of(projectId));
        }
    }
}
