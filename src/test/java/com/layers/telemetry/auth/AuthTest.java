package com.layers.telemetry.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {
    private static Api.ProjectFixture project;

    @BeforeEach
    void project() {
        if (project == null) {
            project = Api.newProject();
        }
    }

    private static String path() {
        return "/v1/projects/" + project.projectId();
    }

    private static void unauthenticated(ValidatableResponse response, String reason) {
        response.statusCode(401)
                .body("error.message", equalTo(reason))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .header("X-Request-Id", notNullValue())
                .body("error.code", equalTo("UNAUTHENTICATED"))
                .body("error.requestId", notNullValue());
    }

    @Test
    void validKeyOfTheProjectIsAccepted() {
        Api.as(project.key("events:read"))
                .get(path())
                .then()
                .statusCode(200)
                .body("id", equalTo(project.projectId()))
                .body("sdkApps[0].id", equalTo(project.sdkAppId()));
    }

    @Test
    void missingHeaderIs401() {
        unauthenticated(given().get(path()).then(), "No API key: send it as Authorization: Bearer <key>");
    }

    @Test
    void malformedTokenIs401() {
        unauthenticated(
                given().header("Authorization", "Bearer not.a.jwt").get(path()).then(),
                "The API key is not a well-formed signed key (a JWT of three base64url parts)");
        unauthenticated(
                given().header("Authorization", "Basic dXNlcjpwYXNz")
                        .get(path())
                        .then(),
                "The Authorization header must be Bearer <key>");
    }

    @Test
    void expiredTokenIs401() {
        String expired = Jwt.issuer(TestKeys.ISSUER)
                .audience(TestKeys.AUDIENCE)
                .subject("s")
                .claim("jti", "j-exp")
                .claim("scope", "events:read")
                .claim("projects", List.of(project.projectId()))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        unauthenticated(Api.as(expired).get(path()).then(), "The API key has expired; mint a new one");
    }

    @Test
    void badSignatureIs401() {
        unauthenticated(
                Api.as(TestKeys.signedByStranger("events:read", List.of(project.projectId())))
                        .get(path())
                        .then(),
                "The API key's signature does not verify with this service's key (RS256)");
    }

    @Test
    void algNoneIs401() {
        unauthenticated(
                Api.as(TestKeys.unsigned("events:read", List.of(project.projectId())))
                        .get(path())
                        .then(),
                "The API key must be signed with RS256 (none and other algorithms are refused)");
    }

    @Test
    void wrongIssuerIs401() {
        String token = Jwt.issuer("https://evil.example")
                .audience(TestKeys.AUDIENCE)
                .subject("s")
                .claim("jti", "j-iss")
                .claim("scope", "events:read")
                .claim("projects", List.of(project.projectId()))
                .expiresIn(600)
                .sign();
        unauthenticated(Api.as(token).get(path()).then(), "The API key was issued by another issuer");
    }

    @Test
    void wrongAudienceIs401() {
        String token = Jwt.issuer(TestKeys.ISSUER)
                .audience("someone-else")
                .subject("s")
                .claim("jti", "j-aud")
                .claim("scope", "events:read")
                .claim("projects", List.of(project.projectId()))
                .expiresIn(600)
                .sign();
        unauthenticated(Api.as(token).get(path()).then(), "The API key is meant for another audience");
    }

    @Test
    void tokenWithoutJtiIs401() {
        long exp = Instant.now().getEpochSecond() + 600;
        String claims = "{\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\"" + TestKeys.AUDIENCE + "\",\"sub\":\"s\","
                + "\"exp\":" + exp + ",\"scope\":\"events:read\",\"projects\":[\"" + project.projectId() + "\"]}";
        unauthenticated(
                Api.as(TestKeys.signRaw(claims)).get(path()).then(),
                "The API key lacks a required claim (sub, exp and jti are required)");
        String withJti = claims.replace("\"sub\":\"s\",", "\"sub\":\"s\",\"jti\":\"j-raw\",");
        Api.as(TestKeys.signRaw(withJti)).get(path()).then().statusCode(200);
    }

    @Test
    void claimsShapedOtherwiseThanDocumentedAre401() {
        long exp = Instant.now().getEpochSecond() + 600;
        String base = "{\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\"" + TestKeys.AUDIENCE
                + "\",\"sub\":\"s\",\"jti\":\"j-shape-%s\"," + "\"exp\":" + exp + ",\"scope\":%s,\"projects\":%s}";
        String projects = "[\"" + project.projectId() + "\"]";
        Api.as(TestKeys.signRaw(base.formatted("ok", "\"admin events:read\"", projects)))
                .get(path())
                .then()
                .statusCode(200);
        // A scope array would otherwise be honoured as roles; a projects string would otherwise be split.
        unauthenticated(
                Api.as(TestKeys.signRaw(base.formatted("a", "[\"admin\",\"events:read\"]", projects)))
                        .get(path())
                        .then(),
                "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
        unauthenticated(
                Api.as(TestKeys.signRaw(base.formatted("b", "\"events:read\"", "\"*\"")))
                        .get(path())
                        .then(),
                "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
        unauthenticated(
                Api.as(TestKeys.signRaw(base.formatted("c", "\"events:read\"", "\"" + project.projectId() + " x\"")))
                        .get(path())
                        .then(),
                "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
        unauthenticated(
                Api.as(TestKeys.signRaw(base.formatted("d", "\"events:read\"", "[1]")))
                        .get(path())
                        .then(),
                "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
        unauthenticated(
                Api.as(TestKeys.signRaw(base.formatted("e", "\"events:read\"", "null")))
                        .get(path())
                        .then(),
                "The API key's scope claim must be a space-separated string and its projects claim an array of strings");
    }

    @Test
    void missingScopeIs403() {
        Api.as(project.key("events:read"))
                .get("/v1/admin/projects")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"))
                .body("error.message", equalTo("The API key lacks the scope this operation needs: admin"));
        Api.as(TestKeys.token("admin", List.of()))
                .get(path())
                .then()
                .statusCode(403)
                .body("error.code", equalTo("FORBIDDEN_SCOPE"))
                .body(
                        "error.message",
                        equalTo(
                                "The API key lacks the scope this operation needs: one of events:read, events:read+pii, events:write"));
        Api.as(project.key("events:write"))
                .get(path() + "/events")
                .then()
                .statusCode(403)
                .body("error.message", equalTo("The API key lacks the scope this operation needs: events:read"));
    }

    @Test
    void piiScopeImpliesRead() {
        Api.as(project.key("events:read+pii")).get(path()).then().statusCode(200);
    }

    @Test
    void otherProjectIs404LikeAMissingOne() {
        Api.ProjectFixture other = Api.newProject();
        String foreign = Api.as(project.key("events:read"))
                .get("/v1/projects/" + other.projectId())
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .extract()
                .path("error.message");
        String missing = Api.as(TestKeys.token("events:read", List.of("prj_does_not_exist")))
                .get("/v1/projects/prj_does_not_exist")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .extract()
                .path("error.message");
        Assertions.assertThat(foreign).isEqualTo(missing.replace("prj_does_not_exist", other.projectId()));
    }

    @Test
    void revokedKeyIsRefused() {
        Map<String, Object> body = Map.of("scopes", List.of("events:read"), "projects", List.of(project.projectId()));
        var minted = Api.as(TestKeys.admin())
                .body(body)
                .post("/v1/admin/keys")
                .then()
                .statusCode(201)
                .extract();
        String token = minted.path("token");
        String keyId = minted.path("keyId");
        Api.as(token).get(path()).then().statusCode(200);
        Api.as(TestKeys.admin()).delete("/v1/admin/keys/" + keyId).then().statusCode(204);
        unauthenticated(Api.as(token).get(path()).then(), "The API key has been revoked");
    }

    @Test
    void aKeyRevokedThroughAnotherInstanceIsRefusedHereWithinTheRefreshPeriod() {
        String jti = "jti_" + UUID.randomUUID();
        String token = TestKeys.claims("events:read", List.of(project.projectId()))
                .claim("jti", jti)
                .sign();
        Api.as(token).get(path()).then().statusCode(200);

        // Another instance revoked it: only its row in revoked_keys tells this one (refresh: 2 s in tests, 15 s
        // default).
        Db.execute("INSERT INTO revoked_keys (jti) VALUES (?)", jti);

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Api.as(token).get(path()).statusCode() == 401);
        unauthenticated(Api.as(token).get(path()).then(), "The API key has been revoked");
    }

    @Inject
    JWTParser parser;

    @Test
    void keysAreVerifiedThroughTheCacheOfVerifiedKeys() {
        // The revocation test above uses a key before and after revoking it: with this cache in place.
        Assertions.assertThat(ClientProxy.unwrap(parser)).isInstanceOf(VerifiedKeyCache.class);
    }
}
