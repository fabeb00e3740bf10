package com.layers.telemetry.common;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Completes the generated document so that it describes every answer the service gives: the servers, the error
 * envelope as a schema, the error statuses every operation can answer with (401 and 403 for every secured
 * operation, 404 for a project the key may not touch, 429 where a budget applies, 500 and 503 everywhere), and the
 * {@code X-Request-Id} (every response) and {@code Retry-After} (429, 503) headers.
 */
public class OpenApiContract implements OASFilter {
    private static final String ERROR = "#/components/schemas/ErrorEnvelope";
    private static final String SCHEMAS = "#/components/schemas/";
    /**
     * Marks a response field that is left out when it has no value (README: the one rule for absent values); every
     * other field of a response schema is listed as required. Removed from the served document.
     */
    public static final String OMITTED_WHEN_ABSENT = "x-omitted-when-absent";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        // Relative: a tool reading the document reaches the instance that served it.
        api.servers(List.of(OASFactory.createServer().url("/").description("The instance that served this document")));
        api.getInfo()
                .description(
                        "Partners send app events in (POST /v1/events, or straight onto the sdk-events Kafka topic) and "
                                + "read user signal out. Every error uses one envelope (ErrorEnvelope); every response carries X-Request-Id.")
                .license(OASFactory.createLicense().name("Proprietary"));
        api.getComponents().addSchema("ErrorEnvelope", envelope());
        Map<String, String> tags = Map.of(
                "Admin",
                "Projects, SDK apps, keys, relay destinations and deliveries (scope admin)",
                "Attribution",
                "Apple Search Ads attribution records (scope events:read)",
                "Cohorts",
                "Rule-based cohorts kept live per user, and their members (cohorts:write to change; events:read)",
                "Events",
                "Sending events (events:write, or an SDK app's write key on /v1/sdk/events) and reading raw events and "
                        + "conversions (events:read)",
                "Privacy",
                "Erasure, suppression and export of a user's data (privacy:write; export: events:read+pii)",
                "Projects",
                "A partner key's view of its project",
                "Segment",
                "The Segment tracking API, for the official Segment libraries (an SDK app's write key)",
                "Users",
                "Per-user signal, lists, details and histories (events:read)");
        if (api.getTags() != null) {
            api.getTags().forEach(t -> t.description(tags.getOrDefault(t.getName(), t.getDescription())));
        }
        api.getComponents()
                .addHeader(
                        "X-Request-Id",
                        OASFactory.createHeader()
                                .required(true)
                                .description(
                                        "The request's id: the caller's when it sent a sane one, else generated (req_…)")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        api.getComponents()
                .addHeader(
                        "Retry-After",
                        OASFactory.createHeader()
                                .description("Seconds to wait before retrying")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        api.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, op) -> complete(path, method, op)));
        // The features' own parts, when the document is built in the running service (no container at build time).
        if (Arc.container() != null) {
            for (InstanceHandle<OpenApiContribution> contribution :
                    Arc.container().listAll(OpenApiContribution.class)) {
                contribution.get().contribute(api);
            }
        }
        requiredAndNullable(api);
    }

    /**
     * Response schemas list every field as required but those marked {@link #OMITTED_WHEN_ABSENT}; request schemas mark
     * every optional field nullable, since null in a request means the same as leaving the field out.
     */
    private static void requiredAndNullable(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Set<String> requests = new TreeSet<>();
        Set<String> responses = new TreeSet<>();
        api.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().values().forEach(op -> {
                    if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                        op.getRequestBody()
                                .getContent()
                                .getMediaTypes()
                                .values()
                                .forEach(m -> reach(m.getSchema(), schemas, requests));
                    }
                    op.getResponses().getAPIResponses().forEach((status, r) -> {
                        if (status.startsWith("2") && r.getContent() != null) {
                            r.getContent()
                                    .getMediaTypes()
                                    .values()
                                    .forEach(m -> reach(m.getSchema(), schemas, responses));
                        }
                    });
                }));
        for (Map.Entry<String, Schema> e : schemas.entrySet()) {
            Map<String, Schema> properties = e.getValue().getProperties();
            if (properties == null || properties.isEmpty()) {
                continue;
            }
            if (responses.contains(e.getKey()) && !requests.contains(e.getKey())) {
                List<String> required = new ArrayList<>();
                properties.forEach((name, property) -> {
                    if (property.hasExtension(OMITTED_WHEN_ABSENT)) {
                        property.removeExtension(OMITTED_WHEN_ABSENT);
                    } else {
                        required.add(name);
                    }
                });
                e.getValue().required(required);
            } else if (requests.contains(e.getKey())) {
                List<String> required = e.getValue().getRequired() == null
                        ? List.of()
                        : e.getValue().getRequired();
                properties.forEach((name, property) -> {
                    // The 3.1 model says nullable as a type of its own; the 3.0.3 document shows it as nullable: true.
                    if (!required.contains(name)
                            && property.getRef() == null
                            && property.getType() != null
                            && !property.getType().contains(Schema.SchemaType.NULL)) {
                        property.addType(Schema.SchemaType.NULL);
                    }
                });
            }
        }
    }

    /** Adds the components {@code schema} refers to, directly or through its parts, to {@code into}. */
    private static void reach(Schema schema, Map<String, Schema> schemas, Set<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
            String name = schema.getRef().substring(SCHEMAS.length());
            if (into.add(name)) {
                reach(schemas.get(name), schemas, into);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> reach(p, schemas, into));
        }
        reach(schema.getItems(), schemas, into);
        if (schema.getAdditionalPropertiesSchema() != null) {
            reach(schema.getAdditionalPropertiesSchema(), schemas, into);
        }
        for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (parts != null) {
                parts.forEach(p -> reach(p, schemas, into));
            }
        }
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation op) {
        boolean admin = path.startsWith("/v1/admin");
        boolean project = path.contains("{projectId}");
        if (op.getParameters() != null) {
            op.getParameters().forEach(OpenApiContract::typed);
        }
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
        error(op, "406", "NOT_ACCEPTABLE: Accept names no type this operation answers (application/json)");
        error(op, "414", "URI_TOO_LONG: the request line is over 4096 bytes");
        error(op, "431", "HEADERS_TOO_LARGE: the request headers are over 20 KB");
        error(op, "500", "INTERNAL: an unexpected error (reported with its request id)");
        error(
                op,
                "503",
                "UNAVAILABLE: a dependency (Kafka, PostgreSQL) is unavailable; retry after Retry-After seconds");
        for (Map.Entry<String, APIResponse> r :
                op.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = r.getValue();
            if (response.getHeaders() == null || !response.getHeaders().containsKey("X-Request-Id")) {
                response.addHeader("X-Request-Id", ref("X-Request-Id"));
            }
            if (Arrays.asList("429", "503").contains(r.getKey())
                    && !response.getHeaders().containsKey("Retry-After")) {
                response.addHeader("Retry-After", ref("Retry-After"));
            }
            if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                response.content(OASFactory.createContent()
                        .addMediaType(
                                "application/json",
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(ERROR))));
            }
        }
    }

    /**
     * The query parameters every listing shares, with their real types: the resources take them as text so that a bad
     * value is a 400 in the envelope (PageParams), which the generated document would otherwise show as any string.
     * A parameter whose resource already gave it a pattern, format or enum keeps it.
     */
    private static void typed(Parameter p) {
        Schema s = p.getSchema();
        if (p.getIn() != Parameter.In.QUERY
                || s == null
                || s.getRef() != null
                || s.getPattern() != null
                || s.getFormat() != null
                || s.getEnumeration() != null) {
            return;
        }
        switch (p.getName()) {
            case "limit" ->
                p.schema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(PageParams.MAX_LIMIT))
                                .defaultValue(PageParams.DEFAULT_LIMIT))
                        .description("Items per page, 1-" + PageParams.MAX_LIMIT + " (default "
                                + PageParams.DEFAULT_LIMIT + ")");
            case "offset" ->
                p.schema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .minimum(BigDecimal.ZERO)
                                .defaultValue(0))
                        .description("Items to skip, 0 or more");
            case "since", "until", "asOf" ->
                p.schema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .format("date-time"))
                        .description(
                                p.getDescription() != null
                                        ? p.getDescription()
                                        : "ISO-8601 with Z or an offset"
                                                + ("since".equals(p.getName())
                                                        ? " (inclusive; not after until)"
                                                        : "until".equals(p.getName()) ? " (exclusive)" : ""));
            case "cursor" ->
                p.description("Opaque: the previous page's nextCursor, passed back unchanged (any other value is 400)");
            default -> {}
        }
    }

    private static boolean hasParameters(Operation op) {
        // Path parameters count too: a NUL or an unpaired surrogate in one is refused with 400 (RequestTextFilter).
        return op.getParameters() != null && !op.getParameters().isEmpty();
    }

    private static void error(Operation op, String status, String description) {
        APIResponse existing = op.getResponses().getAPIResponse(status);
        if (existing == null) {
            op.getResponses()
                    .addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (existing.getDescription() == null
                || existing.getDescription().length() < 30) {
            existing.description(description);
        }
    }

    private static Header ref(String name) {
        return OASFactory.createHeader().ref("#/components/headers/" + name);
    }

    private static Schema envelope() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema detail = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty(
                        "code",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .enumeration(Arrays.stream(ErrorCode.values())
                                        .map(c -> (Object) c.name())
                                        .toList()))
                .addProperty("message", string)
                .addProperty("requestId", string)
                .addProperty(
                        "suggestion",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("A hint how to fix the request, when there is one"))
                .required(List.of("code", "message", "requestId"));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("The one error envelope")
                .addProperty("error", detail)
                .required(List.of("error"))
                .example(Map.of(
                        "error",
                        Map.of(
                                "code",
                                "VALIDATION",
                                "message",
                                "events[0].occurredAt must be ISO-8601",
                                "requestId",
                                "req_4b1f0c7e9d2a4e31a8c5d6e7f8091a2b")));
    }
}
