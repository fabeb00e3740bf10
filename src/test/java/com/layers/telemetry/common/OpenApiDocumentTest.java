package com.layers.telemetry.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The served document is a contract client generators can use: every operation named, tagged, with every error
 * status in the envelope and the request-id header; Redocly's recommended rules pass. (That every response the
 * suite receives matches it is checked on each call: support/OpenApiValidation.)
 */
@QuarkusTest
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document() throws Exception {
        return JSON.readTree(given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void everyOperationIsNamedTaggedAndDocumentsItsErrors() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("servers")).isNotEmpty();
        assertThat(doc.at("/components/schemas/ErrorEnvelope/properties/error/properties/code/enum"))
                .hasSizeGreaterThan(10);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode o = op.getValue();
                assertThat(o.path("operationId").asText()).as(where).isNotEmpty();
                ids.add(o.get("operationId").asText());
                assertThat(o.path("tags")).as(where).isNotEmpty();
                for (String status : List.of("401", "403", "500", "503")) {
                    assertThat(o.at("/responses/" + status + "/content/application~1json/schema/$ref")
                                    .asText())
                            .as(where + " " + status)
                            .isEqualTo("#/components/schemas/ErrorEnvelope");
                }
                o.get("responses")
                        .properties()
                        .forEach(r -> assertThat(
                                        r.getValue().at("/headers/X-Request-Id").isMissingNode())
                                .as(where + " " + r.getKey() + " X-Request-Id")
                                .isFalse());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
        assertThat(doc.at("/paths/~1v1~1events/post/requestBody/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/EventBatch");
        assertThat(doc.at("/paths/~1v1~1admin~1projects/post/responses/201").isMissingNode())
                .isFalse();
    }

    /** Strict enough that a response dropping a field, or a client sending a wrong type, is caught by the document. */
    @Test
    void theDocumentStatesTypesRequiredFieldsAndConstraints() throws Exception {
        JsonNode doc = document();
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/");
        assertThat(doc.at("/components/headers/X-Request-Id/required").asBoolean())
                .isTrue();
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.at("/Destination/properties/eventMapping/additionalProperties/nullable")
                        .asBoolean())
                .as("a name mapped to null is never sent")
                .isTrue();
        // Responses: every field that is always there is required.
        assertThat(schemas.at("/RawEvent/required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(
                        "eventId",
                        "sdkAppId",
                        "name",
                        "appUserId",
                        "occurredAt",
                        "receivedAt",
                        "deviceId",
                        "properties",
                        "context");
        assertThat(schemas.at("/Signal/required")).hasSize(9);
        assertThat(schemas.at("/Detail/required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("index", "status");
        // Requests: required fields, enums, patterns and ranges; optional fields nullable (null means absent).
        assertThat(schemas.at("/CreateKey/required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("scopes", "projects");
        assertThat(schemas.at("/CreateKey/properties/expiresInDays/maximum").asInt())
                .isEqualTo(3650);
        assertThat(schemas.at("/CreateKey/properties/expiresInDays/nullable").asBoolean())
                .isTrue();
        assertThat(schemas.at("/Scope/enum")).hasSize(6);
        assertThat(schemas.at("/CreateSdkApp/properties/platform/enum")).hasSize(5);
        assertThat(schemas.at("/CreateProject/properties/id/pattern").asText()).isNotEmpty();
        assertThat(schemas.at("/MetaDestinationFields/required"))
                .extracting(JsonNode::asText)
                .containsExactly("pixelId", "accessToken");
        assertThat(schemas.at("/TikTokDestinationFields/required"))
                .extracting(JsonNode::asText)
                .containsExactly("eventSourceId", "accessToken");
        String destination =
                "/paths/~1v1~1admin~1projects~1{projectId}~1sdk-apps~1{sdkAppId}~1destinations~1{destination}/put";
        // The suite has a third, test-only platform (relay/acme in the test tree).
        assertThat(doc.at(destination + "/parameters"))
                .anySatisfy(p -> assertThat(p.at("/schema/enum"))
                        .extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("acme", "meta", "tiktok"));
        // Query parameters have their real types.
        JsonNode events = doc.at("/paths/~1v1~1projects~1{projectId}~1events/get/parameters");
        assertThat(events).anySatisfy(p -> {
            assertThat(p.get("name").asText()).isEqualTo("limit");
            assertThat(p.at("/schema/type").asText()).isEqualTo("integer");
            assertThat(p.at("/schema/maximum").asInt()).isEqualTo(PageParams.MAX_LIMIT);
        });
        assertThat(events).anySatisfy(p -> {
            assertThat(p.get("name").asText()).isEqualTo("since");
            assertThat(p.at("/schema/format").asText()).isEqualTo("date-time");
        });
        assertThat(doc.at(
                                "/paths/~1v1~1projects~1{projectId}~1events/get/responses/406/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/ErrorEnvelope");
        // No marker of ours is left in the served document.
        assertThat(doc.toString()).doesNotContain(OpenApiContract.OMITTED_WHEN_ABSENT);
    }

    /** A wrong Accept is answered 406 in the envelope, as the document says. */
    @Test
    void anUnacceptableAcceptIs406() {
        given().header("Authorization", "Bearer " + TestKeys.admin())
                .accept("text/html")
                .get("/v1/admin/projects")
                .then()
                .statusCode(406)
                .body("error.code", Matchers.equalTo("NOT_ACCEPTABLE"));
    }

    @Test
    void redoclyRecommendedRulesPass() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/npm")) || Files.isExecutable(Path.of("/usr/local/bin/npm")),
                "Redocly CLI needs node and npm");
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        Path file = root.resolve("target/openapi.json");
        Files.writeString(
                file, given().accept("application/json").get("/q/openapi").asString(), StandardCharsets.UTF_8);
        Process lint = new ProcessBuilder(
                        "bash", root.resolve("deploy/check/openapi/lint.sh").toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(output).isZero();
        assertThat(output)
                .contains("Your API description is valid")
                .doesNotContainPattern("\\d+:\\d+\\s+(warning|error)");
    }
}
