package com.layers.telemetry.admin;

import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Every admin body that cannot be used is a 400 VALIDATION that names the field and says what is wrong: a null where
 * a value is needed, a number out of range, a value of the wrong type, a body that is not an object. Never a 500,
 * never "Request failed".
 */
@QuarkusTest
class AdminBodiesTest {

    private static void invalid(String method, String path, String body, String message) {
        Api.as(TestKeys.admin())
                .body(body)
                .request(method, path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"))
                .body("error.message", equalTo(message));
    }

    @Test
    void keys() {
        String keys = "/v1/admin/keys";
        invalid("POST", keys, "{\"scopes\":[null],\"projects\":[\"p\"]}", "scopes[0] must not be null");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"events:read\"],\"projects\":[\"p\",null]}",
                "projects[1] must not be null");
        invalid(
                "POST",
                keys,
                "{\"scopes\":null,\"projects\":[\"p\"]}",
                "scopes must list at least one of admin, cohorts:write, events:read, events:read+pii, events:write, privacy:write");
        invalid("POST", keys, "{\"scopes\":\"admin\",\"projects\":[\"*\"]}", "scopes has the wrong type");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"admin\"],\"projects\":[\"*\"],\"expiresInDays\":99999999999}",
                "expiresInDays must be between 1 and 3650");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"admin\"],\"projects\":[\"*\"],\"expiresInDays\":123456789012345678901234567890}",
                "expiresInDays is out of range");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"admin\"],\"projects\":[\"*\"],\"expiresInDays\":1e400}",
                "expiresInDays has the wrong type");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"admin\"],\"projects\":[\"*\"],\"expiresInDays\":1.5}",
                "expiresInDays has the wrong type");
        invalid(
                "POST",
                keys,
                "{\"scopes\":[\"admin\"],\"projects\":[\"*\"],\"expiresInDays\":\"7\"}",
                "expiresInDays has the wrong type");
        invalid("POST", keys, "null", "Request body is required");
        invalid("POST", keys, "[]", "Request body must be a JSON object");
        invalid("POST", keys, "\"x\"", "Request body must be a JSON object");
    }

    @Test
    void projectsAndSdkApps() {
        Api.ProjectFixture p = Api.newProject();
        invalid("POST", "/v1/admin/projects", "{\"name\":null}", "name is required (1-200 characters)");
        invalid(
                "POST",
                "/v1/admin/projects",
                "{\"name\":\"n\",\"piiKeys\":[\"email\",null]}",
                "piiKeys[1] must not be null");
        invalid("POST", "/v1/admin/projects", "{\"name\":\"n\",\"piiKeys\":{}}", "piiKeys has the wrong type");
        String apps = "/v1/admin/projects/" + p.projectId() + "/sdk-apps";
        invalid(
                "POST",
                apps,
                "{\"name\":\"a\",\"platform\":null}",
                "platform must be one of android, ios, other, server, web");
        invalid(
                "POST",
                apps,
                "{\"name\":\"a\",\"platform\":\"ios\",\"rateLimit\":{\"eventsPerSecond\":1.5}}",
                "rateLimit.eventsPerSecond has the wrong type");
        invalid(
                "POST",
                apps,
                "{\"name\":\"a\",\"platform\":\"ios\",\"rateLimit\":{\"burst\":4294967296}}",
                "rateLimit.burst is out of range");
        invalid("POST", apps, "{\"name\":\"a\",\"platform\":\"ios\",\"rateLimit\":[]}", "rateLimit has the wrong type");
    }

    @Test
    void destinations() {
        Api.ProjectFixture p = Api.newProject();
        String meta = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/meta";
        invalid("PUT", meta, "{\"pixelId\":null,\"accessToken\":\"EAAB\"}", "pixelId is required");
        invalid(
                "PUT",
                meta,
                "{\"pixelId\":\"1\",\"accessToken\":\"EAAB\",\"enabled\":\"yes\"}",
                "enabled has the wrong type");
        invalid(
                "PUT",
                meta,
                "{\"pixelId\":\"1\",\"accessToken\":\"EAAB\",\"eventMapping\":[\"a\"]}",
                "eventMapping has the wrong type");
        invalid(
                "PUT",
                meta,
                "{\"pixelId\":\"1\",\"accessToken\":\"EAAB\",\"eventMapping\":{\"a\":5}}",
                "eventMapping.a has the wrong type");
    }
}
