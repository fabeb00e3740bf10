package com.layers.telemetry.common;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Completes the generated document so that it describes every answer the service gives: the servers, the error
 * envelope as a schema, the error statuses every operation can answer with (401 and 403 for every secured
 * operation, 404 for a project the key may not touch, 429 where a budget applies, 500 and 503 everywhere), and the
 * {@code X-Request-Id} (every response) and {@code Retry-After} (429, 503) headers.
 */
public class OpenApiContract implements OASFilter {
    private static final String ERROR = "#/components/schemas/ErrorEnvelope";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.servers(List.of(OASFactory.createServer().url("http://localhost:8080")
                .description("The local stack (bash deploy/local/stack.sh up)")));
        api.getInfo().description("Partners send app events in (POST /v1/events, or straight onto the sdk-events Kafka topic) and "
                + "read user signal out. Every error uses one envelope (ErrorEnvelope); every response carries X-Request-Id.")
                .license(OASFactory.createLicense().name("Proprietary"));
        api.getComponents().addSchema("ErrorEnvelope", envelope());
        Map<String, String> tags = Map.of("Admin", "Projects, SDK apps, keys, relay destinations and deliveries (scope admin)",
                "Attribution", "Apple Search Ads attribution records (scope events:read)",
                "Events", "Sending events (events:write) and reading raw events and conversions (events:read)",
                "Projects", "A partner key's view of its project", "Users", "Per-user signal, lists, details and histories (events:read)");
        if (api.getTags() != null) {
            api.getTags().forEach(t -> t.description(tags.getOrDefault(t.getName(), t.getDescription())));
        }
        api.getComponents().addHeader("X-Request-Id", OASFactory.createHeader()
                .description("The request's id: the caller's when it sent a sane one, else generated (req_…)")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        api.getComponents().addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> complete(path, method, op)));
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation op) {
        boolean admin = path.startsWith("/v1/admin");
        boolean project = path.contains("{projectId}");
        error(op, "401", "UNAUTHENTICATED: missing, malformed, expired, badly signed or revoked key");
        error(op, "403", "FORBIDDEN_SCOPE: the key lacks the scope this operation needs");
        boolean body = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
        if (project || "/v1/events".equals(path)) {
            error(op, "404", "NOT_FOUND: the project does not exist or the key may not touch it");
        }
        if (!admin) {
            error(op, "429", "RATE_LIMITED: the budget is spent; retry after Retry-After seconds");
        }
        if (hasParameters(op) || body) {
            error(op, "400", "VALIDATION: a parameter or the body is invalid");
        }
        if (body) {
            error(op, "413", "PAYLOAD_TOO_LARGE: the body is over the 1 MB limit");
            error(op, "415", "UNSUPPORTED_MEDIA_TYPE: the body must be application/json");
        }
        error(op, "414", "URI_TOO_LONG: the request line is over 4096 bytes");
        error(op, "431", "HEADERS_TOO_LARGE: the request headers are over 20 KB");
        error(op, "500", "INTERNAL: an unexpected error (reported with its request id)");
        error(op, "503", "UNAVAILABLE: a dependency (Kafka, PostgreSQL) is unavailable; retry after Retry-After seconds");
        for (Map.Entry<String, APIResponse> r : op.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = r.getValue();
            if (response.getHeaders() == null || !response.getHeaders().containsKey("X-Request-Id")) {
                response.addHeader("X-Request-Id", ref("X-Request-Id"));
            }
            if (Arrays.asList("429", "503").contains(r.getKey()) && !response.getHeaders().containsKey("Retry-After")) {
                response.addHeader("Retry-After", ref("Retry-After"));
            }
            if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                response.content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR))));
            }
        }
    }

    private static boolean hasParameters(Operation op) {
        // Path parameters count too: a NUL or an unpaired surrogate in one is refused with 400 (RequestTextFilter).
        return op.getParameters() != null && !op.getParameters().isEmpty();
    }

    private static void error(Operation op, String status, String description) {
        APIResponse existing = op.getResponses().getAPIResponse(status);
        if (existing == null) {
            op.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (existing.getDescription() == null || existing.getDescription().length() < 30) {
            existing.description(description);
        }
    }

    private static Header ref(String name) {
        return OASFactory.createHeader().ref("#/components/headers/" + name);
    }

    private static Schema envelope() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema detail = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .enumeration(Arrays.stream(ErrorCode.values()).map(c -> (Object) c.name()).toList()))
                .addProperty("message", string)
                .addProperty("requestId", string)
                .addProperty("suggestion", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("A hint how to fix the request, when there is one"))
                .required(List.of("code", "message", "requestId"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("The one error envelope")
                .addProperty("error", detail).required(List.of("error"))
                .example(Map.of("error", Map.of("code", "VALIDATION", "message", "events[0].occurredAt must be ISO-8601",
                        "requestId", "req_4b1f0c7e9d2a4e31a8c5d6e7f8091a2b")));
    }
}
