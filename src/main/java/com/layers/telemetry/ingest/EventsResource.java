package com.layers.telemetry.ingest;

import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

@Path("/v1/events")
@Tag(name = "Events")
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "JWT",
        description = "A partner key (an RS256 JWT with scope and projects claims) as Authorization: Bearer")
@SecurityRequirement(name = "bearer")
public class EventsResource {
    static final String EXAMPLE_REQUEST = """
            {"projectId": "prj_demo", "sdkAppId": "app_demo", "events": [{"name": "Purchase",
             "occurredAt": "2026-05-08T14:32:11Z", "appUserId": "user_42", "eventId": "evt_stripe_pi_3KZ4M2A",
             "properties": {"revenue": 19.99, "currency": "USD", "product_id": "premium_yearly"},
             "identity": {"email": "alice@example.com"}}]}""";
    static final String EXAMPLE_RESPONSE = """
            {"accepted": 1, "skipped": 0, "suppressed": 0, "failed": 0,
             "details": [{"index": 0, "eventId": "evt_stripe_pi_3KZ4M2A", "status": "accepted"}]}""";

    private final IngestService ingest;
    private final Caller caller;

    public EventsResource(IngestService ingest, Caller caller) {
        this.ingest = ingest;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Scopes.EVENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "sendEvents",
            summary = "Forward a batch of 1-100 events",
            description = "202 only once Kafka acknowledged every accepted event. Per-event status in details[] "
                    + "(accepted; skipped = its eventId is already stored or earlier in this batch, while two concurrent batches "
                    + "may both report accepted for one id and storage keeps one; failed = validation error). 400 when the envelope is "
                    + "wrong or every event is invalid; 429 over the per-app rate limit; 503 when Kafka cannot take "
                    + "the batch (retry it: event ids make retries safe).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBatchSchema.class),
                            examples = @ExampleObject(name = "purchase", value = EXAMPLE_REQUEST)))
    @APIResponse(
            responseCode = "202",
            description = "Batch accepted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IngestResult.class),
                            examples = @ExampleObject(name = "accepted", value = EXAMPLE_RESPONSE)))
    @APIResponse(responseCode = "400", description = "VALIDATION")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_IN_PROGRESS")
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Response> post(
            byte[] body,
            @Parameter(description = "Per-batch idempotency key (1-255 chars), kept 24 h")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey) {
        return ingest.ingest(caller, body, idempotencyKey).map(Idempotency.Reply::response);
    }
}
