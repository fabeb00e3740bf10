package com.layers.telemetry.ingest.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.auth.WriteKeys;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.EventValidator;
import com.layers.telemetry.ingest.IngestResult;
import com.layers.telemetry.ingest.IngestService;
import com.layers.telemetry.ingest.SourceAddress;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Segment tracking API (README, Segment tracking API): the official Segment libraries send here by changing
 * their host. Each message becomes one of our events and flows as every event does.
 */
@Path("/v1")
@Tag(name = "Segment")
@PermitAll
@SecurityScheme(
        securitySchemeName = "segmentWriteKey",
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description = "An SDK app's write key as the user name, the password empty; or writeKey in the body")
@SecurityRequirement(name = "segmentWriteKey")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {
    private static final String STORED = "200 {\"success\": true} once Kafka acknowledged every stored message "
            + "(a retry is deduplicated by messageId). 400 when the body or a message is invalid or over Segment's "
            + "limits (32 KB a message, 500 KB a request, 2,500 messages); the valid messages of such a batch are "
            + "stored. 401 for a missing, unknown or revoked write key. 429 and 503 ask for a retry.";

    /** Segment's answer; the Java library reads it as JSON, and re-sends a batch whose answer is not. */
    @RegisterForReflection
    public record Success(boolean success) {}

    private static final Success SUCCESS = new Success(true);

    private final IngestService ingest;
    private final WriteKeys writeKeys;
    private final EventValidator validator;
    private final ObjectMapper mapper;

    public SegmentResource(IngestService ingest, WriteKeys writeKeys, EventValidator validator, ObjectMapper mapper) {
        this.ingest = ingest;
        this.writeKeys = writeKeys;
        this.validator = validator;
        this.mapper = mapper;
    }

    @POST
    @Path("/batch")
    @Operation(operationId = "segmentBatch", summary = "Segment: a batch of messages", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Batch.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> batch(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, null);
    }

    @POST
    @Path("/import")
    @Operation(
            operationId = "segmentImport",
            summary = "Segment: a batch of messages (the older name the Java library uses)",
            description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Batch.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> importBatch(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, null);
    }

    @POST
    @Path("/track")
    @Operation(operationId = "segmentTrack", summary = "Segment: one track call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> track(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "track");
    }

    @POST
    @Path("/identify")
    @Operation(operationId = "segmentIdentify", summary = "Segment: one identify call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> identify(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "identify");
    }

    @POST
    @Path("/page")
    @Operation(operationId = "segmentPage", summary = "Segment: one page call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> page(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "page");
    }

    @POST
    @Path("/screen")
    @Operation(operationId = "segmentScreen", summary = "Segment: one screen call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> screen(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "screen");
    }

    @POST
    @Path("/group")
    @Operation(operationId = "segmentGroup", summary = "Segment: one group call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> group(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "group");
    }

    @POST
    @Path("/alias")
    @Operation(operationId = "segmentAlias", summary = "Segment: one alias call", description = STORED)
    @RequestBody(content = @Content(schema = @Schema(implementation = SegmentSchema.Message.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Success.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE, with Retry-After")
    public Uni<Success> alias(byte[] body, @Context HttpServerRequest request) {
        return handle(body, request, "alias");
    }

    /** Content-Encoding and Authorization are read here, for every path alike. */
    private Uni<Success> handle(byte[] raw, HttpServerRequest request, String impliedType) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SegmentRequest sent = SegmentRequest.read(
                mapper,
                raw,
                request.getHeader(HttpHeaders.CONTENT_ENCODING),
                request.getHeader(HttpHeaders.AUTHORIZATION),
                SegmentBatch.MAX_BATCH_BYTES);
        String source = SourceAddress.of(request);
        return writeKeys.require(sent.writeKey()).chain(owner -> {
            var batch = SegmentBatch.of(mapper, validator, sent.body(), sent.bytes(), impliedType, owner, receivedAt);
            return ingest.app(batch)
                    .chain(app -> ingest.process(batch, app, source))
                    .map(SegmentResource::answer);
        });
    }

    /** Every message stored (or known, or suppressed), else a 400 naming the first refused one. */
    private static Success answer(IngestResult result) {
        if (result.failed() == 0) {
            return SUCCESS;
        }
        String first = result.details().stream()
                .filter(d -> IngestResult.FAILED.equals(d.status()))
                .map(IngestResult.Detail::error)
                .findFirst()
                .orElse("");
        int total = result.details().size();
        throw ApiException.validation(first + " (" + result.failed() + " of " + total + " messages refused; the other "
                + (total - result.failed()) + " were stored)");
    }
}
