package com.layers.telemetry.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.TestKeys;
import com.layers.telemetry.support.TestPostgres;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminFlowTest {

    @Test
    void projectSdkAppAndPartnerKey() throws Exception {
        String admin = TestKeys.admin();
        String projectId = Api.as(admin)
                .body(Map.of("name", "Acme"))
                .post("/v1/admin/projects")
                .then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("name", equalTo("Acme"))
                .body("createdAt", notNullValue())
                .extract()
                .path("id");
        Api.as(admin).get("/v1/admin/projects").then().statusCode(200).body("data.id", hasItem(projectId));

        String appId = Api.as(admin)
                .body(Map.of("name", "Acme iOS", "platform", "ios"))
                .post("/v1/admin/projects/" + projectId + "/sdk-apps")
                .then()
                .statusCode(201)
                .body("id", matchesPattern("app_[0-9a-f]{24}"))
                .body("projectId", equalTo(projectId))
                .body("platform", equalTo("ios"))
                .extract()
                .path("id");
        Api.as(admin)
                .get("/v1/admin/projects/" + projectId + "/sdk-apps")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(appId));

        var key = Api.as(admin)
                .body(Map.of(
                        "scopes",
                        List.of("events:write", "events:read"),
                        "projects",
                        List.of(projectId),
                        "expiresInDays",
                        7))
                .post("/v1/admin/keys")
                .then()
                .statusCode(201)
                .body("keyId", matchesPattern("key_[0-9a-f]{32}"))
                .body("token", notNullValue())
                .body("scopes", equalTo(List.of("events:write", "events:read")))
                .body("projects", equalTo(List.of(projectId)))
                .body("expiresAt", notNullValue())
                .extract();
        String token = key.path("token");
        Api.as(token).get("/v1/projects/" + projectId).then().statusCode(200).body("sdkApps[0].id", equalTo(appId));
        Api.as(admin)
                .get("/v1/admin/keys")
                .then()
                .statusCode(200)
                .body("data.find { it.keyId == '" + key.path("keyId") + "' }.token", nullValue());

        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrlOfCurrent());
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT p.name, a.platform, k.scopes::text FROM projects p JOIN sdk_apps a ON a.project_id = p.id "
                                        + "JOIN api_keys k ON '" + projectId + "' = ANY (k.projects) WHERE p.id = '"
                                        + projectId + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Acme");
            assertThat(rs.getString(2)).isEqualTo("ios");
            assertThat(rs.getString(3)).isEqualTo("{events:write,events:read}");
        }
    }

    @Test
    void explicitIdsAndConflicts() {
        String admin = TestKeys.admin();
        Api.as(admin)
                .body(Map.of("id", "prj_explicit_1", "name", "One"))
                .post("/v1/admin/projects")
                .then()
                .statusCode(201)
                .body("id", equalTo("prj_explicit_1"));
        Api.as(admin)
                .body(Map.of("id", "prj_explicit_1", "name", "Again"))
                .post("/v1/admin/projects")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("CONFLICT"));
        Api.as(admin)
                .body(Map.of("id", "app_x", "name", "A", "platform", "android"))
                .post("/v1/admin/projects/prj_explicit_1/sdk-apps")
                .then()
                .statusCode(201);
        Api.as(admin)
                .body(Map.of("id", "app_x", "name", "A", "platform", "android"))
                .post("/v1/admin/projects/prj_explicit_1/sdk-apps")
                .then()
                .statusCode(409);
    }

    @Test
    void validationErrors() {
        String admin = TestKeys.admin();
        Api.as(admin)
                .body(Map.of("name", ""))
                .post("/v1/admin/projects")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo("name is required (1-200 characters)"));
        Api.as(admin)
                .body(Map.of("id", "bad id!", "name", "x"))
                .post("/v1/admin/projects")
                .then()
                .statusCode(400);
        Api.as(admin)
                .body(Map.of("name", "x", "platform", "amiga"))
                .post("/v1/admin/projects/prj_explicit_none/sdk-apps")
                .then()
                .statusCode(400);
        Api.as(admin)
                .body(Map.of("name", "x", "platform", "ios"))
                .post("/v1/admin/projects/prj_missing_for_app/sdk-apps")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.as(admin)
                .body(Map.of("scopes", List.of("root"), "projects", List.of("p")))
                .post("/v1/admin/keys")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("scopes: unknown scope 'root'"));
        Api.as(admin)
                .body(Map.of("scopes", List.of("events:read"), "projects", List.of()))
                .post("/v1/admin/keys")
                .then()
                .statusCode(400);
        Api.as(admin)
                .body(Map.of("scopes", List.of("events:read"), "projects", List.of("p"), "expiresInDays", 0))
                .post("/v1/admin/keys")
                .then()
                .statusCode(400);
    }
}
