package com.layers.telemetry.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.FakePlatforms;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local stack's sender: nothing leaves the service, and the deliveries view shows the exact request, masked. */
@QuarkusTest
@TestProfile(StubSenderTest.Stub.class)
class StubSenderTest {

    public static class Stub implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.sender", "stub");
        }
    }

    @Test
    void recordsTheExactRequestWithItsSecretsMaskedAndSendsNothing() {
        Api.ProjectFixture p = Api.newProject();
        String base = "/v1/admin/projects/" + p.projectId() + "/sdk-apps/" + p.sdkAppId() + "/destinations/";
        Api.as(TestKeys.admin())
                .body(Map.of("pixelId", "555000111", "accessToken", "EAABstubsecret"))
                .put(base + "meta")
                .then()
                .statusCode(200);
        Api.as(TestKeys.admin())
                .body(Map.of("eventSourceId", "777000111", "accessToken", "ttstubsecret"))
                .put(base + "tiktok")
                .then()
                .statusCode(200);
        int before = FakePlatforms.meta().getAllServeEvents().size()
                + FakePlatforms.tiktok().getAllServeEvents().size();
        Map<String, Object> e = Events.event("Purchase", "u1", "evt_stub_1");
        e.put("identity", Map.of("email", "test@test.com"));
        Reads.ingest(p, List.of(e));

        String path = "/v1/admin/projects/" + p.projectId() + "/relay/deliveries?eventId=evt_stub_1&status=sent";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Api.as(TestKeys.admin())
                                .get(path)
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("data")
                                .size()
                        == 2);
        String answer = Api.as(TestKeys.admin())
                .get(path + "&destination=meta")
                .then()
                .statusCode(200)
                .body("data[0].attempts[0].request.method", equalTo("POST"))
                .body("data[0].attempts[0].request.body.data[0].event_id", equalTo("evt_stub_1"))
                .body(
                        "data[0].attempts[0].request.body.data[0].user_data.em[0]",
                        equalTo("f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a"))
                .extract()
                .asString();
        assertThat(JsonPath.from(answer).getString("data[0].attempts[0].request.url"))
                .endsWith("/555000111/events?access_token=****");
        String tiktok = Api.as(TestKeys.admin())
                .get(path + "&destination=tiktok")
                .then()
                .statusCode(200)
                .body("data[0].attempts[0].request.headers.Access-Token", equalTo("****"))
                .extract()
                .asString();
        assertThat(answer + tiktok).doesNotContain("EAABstubsecret").doesNotContain("ttstubsecret");
        assertThat(FakePlatforms.meta().getAllServeEvents().size()
                        + FakePlatforms.tiktok().getAllServeEvents().size())
                .as("nothing sent")
                .isEqualTo(before);
    }
}
