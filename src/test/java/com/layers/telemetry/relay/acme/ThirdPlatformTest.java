package com.layers.telemetry.relay.acme;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Adding a platform is one folder: {@link AcmeAdapter}, a bean of the test tree, is configured through the same admin
 * API as Meta and TikTok, validated by what it declares, listed in the document, and relayed to end to end.
 */
@QuarkusTest
class ThirdPlatformTest {

    @Test
    void aPlatformThatIsOneFolderIsConfiguredValidatedDocumentedAndRelayedTo() throws Exception {
        Api.ProjectFixture p = Api.newProject();
        String path = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/acme";
        Api.as(TestKeys.admin())
                .body(Map.of("accessToken", "acme-token"))
                .put(path)
                .then()
                .statusCode(400)
                .body("error.message", Matchers.equalTo("accountId is required"));
        Api.as(TestKeys.admin())
                .body(Map.of("accountId", "acc_1", "accessToken", "acme-token", "pixelId", "1"))
                .put(path)
                .then()
                .statusCode(400)
                .body("error.message", Matchers.equalTo("pixelId applies to Meta destinations only"));
        Api.as(TestKeys.admin())
                .body(Map.of("accountId", "acc_42", "region", "eu", "accessToken", "acme-token"))
                .put(path)
                .then()
                .statusCode(200)
                .body("destination", Matchers.equalTo("acme"))
                .body("accountId", Matchers.equalTo("acc_42"))
                .body("region", Matchers.equalTo("eu"))
                .body("accessToken", Matchers.equalTo("****"));

        String eventId = Events.id();
        Map<String, Object> purchase = Events.event("Purchase", "user_acme", eventId);
        Api.as(p.key("events:write"))
                .body(Events.batch(p, List.of(purchase, Events.event("view", "user_acme", Events.id()))))
                .post("/v1/events")
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !FakePlatforms.acme()
                        .findAll(postRequestedFor(urlPathEqualTo("/v2/accounts/acc_42/events")))
                        .isEmpty());
        LoggedRequest sent = FakePlatforms.acme()
                .findAll(postRequestedFor(urlPathEqualTo("/v2/accounts/acc_42/events"))
                        .withHeader("Authorization", equalTo("Bearer acme-token")))
                .get(0);
        JsonNode body = new ObjectMapper().readTree(sent.getBodyAsString());
        assertThat(body.get("region").asText()).isEqualTo("eu");
        assertThat(body.get("events")).hasSize(1);
        assertThat(body.at("/events/0/name").asText()).isEqualTo("purchase");
        assertThat(body.at("/events/0/id").asText()).isEqualTo(eventId);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "sent"
                        .equals(Api.as(TestKeys.admin())
                                .get("/v1/admin/projects/" + p.projectId()
                                        + "/relay/deliveries?destination=acme&eventId=" + eventId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("data[0].status")));
        Api.as(TestKeys.admin())
                .get("/v1/admin/projects/" + p.projectId() + "/relay/deliveries?destination=acme&status=skipped")
                .then()
                .statusCode(200)
                .body("data[0].reason", Matchers.equalTo("not_mapped"));
        JsonNode doc = new ObjectMapper()
                .readTree(RestAssured.given()
                        .accept("application/json")
                        .get("/q/openapi")
                        .asString());
        assertThat(doc.at("/components/schemas/AcmeDestinationFields/required").toString())
                .isEqualTo("[\"accountId\",\"accessToken\"]");
        assertThat(doc.at("/components/schemas/Destination/properties/region").isMissingNode())
                .isFalse();
    }
}
