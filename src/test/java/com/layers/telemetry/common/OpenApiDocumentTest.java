package com.layers.telemetry.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return JSON.readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void everyOperationIsNamedTaggedAndDocumentsItsErrors() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("servers")).isNotEmpty();
        assertThat(doc.at("/components/schemas/ErrorEnvelope/properties/error/properties/code/enum")).hasSizeGreaterThan(10);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode o = op.getValue();
                assertThat(o.path("operationId").asText()).as(where).isNotEmpty();
                ids.add(o.get("operationId").asText());
                assertThat(o.path("tags")).as(where).isNotEmpty();
                for (String status : List.of("401", "403", "500", "503")) {
                    assertThat(o.at("/responses/" + status + "/content/application~1json/schema/$ref").asText()).as(where + " " + status)
                            .isEqualTo("#/components/schemas/ErrorEnvelope");
                }
                o.get("responses").properties().forEach(r -> assertThat(r.getValue().at("/headers/X-Request-Id").isMissingNode())
                        .as(where + " " + r.getKey() + " X-Request-Id").isFalse());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
        assertThat(doc.at("/paths/~1v1~1events/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/EventBatch");
        assertThat(doc.at("/paths/~1v1~1admin~1projects/post/responses/201").isMissingNode()).isFalse();
    }

    @Test
    void redoclyRecommendedRulesPass() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/npm")) || Files.isExecutable(Path.of("/usr/local/bin/npm")),
                "Redocly CLI needs node and npm");
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        Path file = root.resolve("target/openapi.json");
        Files.writeString(file, given().accept("application/json").get("/q/openapi").asString(), StandardCharsets.UTF_8);
        Process lint = new ProcessBuilder("bash", root.resolve("deploy/openapi/lint.sh").toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(output).isZero();
        assertThat(output).contains("Your API description is valid").doesNotContainPattern("\\d+:\\d+\\s+(warning|error)");
    }
}
