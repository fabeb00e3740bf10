package com.layers.telemetry.ingest;

import com.layers.telemetry.common.Idempotency;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SDK runtime path: apps post with their SDK app's public write key instead of a partner's secret key. */
@Path("/v1/sdk/events")
@Tag(name = "Events")
@PermitAll
@SecurityScheme(
        securitySchemeName = "writeKey",
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-App-Id",
        description = "An SDK app's write key (POST /v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/write-keys)")
@SecurityRequirement(name = "writeKey")
public class SdkEventsResource {
    static final String EXAMPLE_REQUEST = """
            {"events": [{"name": "Purchase", "occurredAt": "2026-05-08T14:32:11Z", "appUserId": "user_42",
             "eventId": "evt_3KZ4M2A", "properties": {"revenue": 19.99, "currency": "USD"}}]}""";

    private final IngestService ingest;

    public SdkEventsResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "sendSdkEvents",
            summary = "Send a batch of 1-100 events from an app, with its write key",
            description = "As POST /v1/events, with the project and SDK app taken from the write key (the body may "
                    + "repeat them, never name others). Per-app and per-source-address rate limits apply. 401 for a "
                    + "missing, unknown or revoked key. Browsers may call it (CORS).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBatchSchema.SdkBatch.class),
                            examples = @ExampleObject(name = "purchase", value = EXAMPLE_REQUEST)))
    @APIResponse(
            responseCode = "202",
            description = "Batch accepted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IngestResult.class),
                            examples = @ExampleObject(name = "accepted", value = EventsResource.EXAMPLE_RESPONSE)))
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_IN_PROGRESS")
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Response> post(
            byte[] body,
            @Parameter(description = "The SDK app's write key") @HeaderParam("X-App-Id") String writeKey,
            @Parameter(description = "Per-batch idempotency key (1-255 chars), kept 24 h")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey,
            @Context HttpServerRequest request) {
        return ingest.ingestSdk(writeKey, SourceAddress.of(request), body, idempotencyKey)
                .map(Idempotency.Reply::response);
    }
}
