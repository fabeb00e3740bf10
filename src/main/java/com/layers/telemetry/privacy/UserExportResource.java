package com.layers.telemetry.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.auth.Caller;
import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.tenancy.ReadAccess;
import com.layers.telemetry.userdata.UserDataExport;
import io.quarkus.arc.All;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * GET …/users/{appUserId}/export: every datum the service holds about a user, as one JSON document streamed as it is
 * read (each feature's part in turn, an array a page at a time), so a user with any number of events is exported in
 * bounded memory.
 */
@Path("/v1/projects/{projectId}/users/{appUserId}/export")
@Tag(name = "Privacy")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Scopes.EVENTS_READ_PII, Scopes.ADMIN})
public class UserExportResource {
    private static final int ITEMS_PER_CHUNK = 200;

    private final Caller caller;
    private final ReadAccess access;
    private final List<UserDataExport> parts;
    private final ObjectMapper mapper;

    public UserExportResource(Caller caller, ReadAccess access, @All List<UserDataExport> parts, ObjectMapper mapper) {
        this.caller = caller;
        this.access = access;
        this.parts = parts.stream()
                .sorted(Comparator.comparingInt(UserDataExport::position))
                .toList();
        this.mapper = mapper;
    }

    /** Document only: the export's shape. */
    @RegisterForReflection
    record Export(
            String appUserId,
            @Schema(format = "date-time") String exportedAt,

            @Schema(
                    nullable = true,
                    description = "Properties, $set_once values, consent, activity, first and last seen")
            ObjectNode profile,

            @Schema(description = "Every event, as GET …/events answers an events:read+pii key")
            List<ObjectNode> events,

            @Schema(description = "As GET …/apple-ads-attribution shows them, Apple's test data included")
            List<ObjectNode> attributionRecords,

            @Schema(description = "Per event and destination: status, reason, times")
            List<ObjectNode> relayDeliveries,

            @Schema(
                    description = "Every cohort the user is or was in: cohortId, enteredAt (the last entry), exitedAt "
                            + "(null while in)")
            List<ObjectNode> cohorts) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "exportUser",
            summary = "Everything held about a user (data subject access)",
            description = "One JSON object, streamed: the profile, every event with identity unredacted, Apple Ads "
                    + "attribution records and relay deliveries (never tokens). 404 NOT_FOUND when nothing is held.")
    @APIResponse(
            responseCode = "200",
            description = "The user's data",
            content = @Content(schema = @Schema(implementation = Export.class)))
    public Multi<Buffer> export(@PathParam("projectId") String projectId, @PathParam("appUserId") String appUserId) {
        Uni<Void> found = access.open(caller, projectId)
                .chain(() -> Multi.createFrom()
                        .iterable(parts)
                        .onItem()
                        .transformToUniAndConcatenate(p -> p.holds(projectId, appUserId))
                        .collect()
                        .asList())
                .chain(held -> held.contains(true)
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ApiException.notFound("Nothing is held about user " + appUserId)));
        Multi<Buffer> document = found.onItem().transformToMulti(v -> document(projectId, appUserId));
        // One chunk after another, as written: no JSON array wrapping, the chunks are the document.
        return RestMulti.fromMultiData(document).encodeAsJsonArray(false).build();
    }

    private Multi<Buffer> document(String projectId, String appUserId) {
        List<Multi<Buffer>> chunks = new ArrayList<>();
        chunks.add(Multi.createFrom()
                .item(Buffer.buffer("{\"appUserId\":" + json(appUserId) + ",\"exportedAt\":"
                        + json(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()))));
        for (UserDataExport part : parts) {
            String name = "," + json(part.field()) + ":";
            if (part.array()) {
                AtomicBoolean first = new AtomicBoolean(true);
                chunks.add(Multi.createFrom().item(Buffer.buffer(name + "[")));
                chunks.add(part.items(projectId, appUserId)
                        .group()
                        .intoLists()
                        .of(ITEMS_PER_CHUNK)
                        .map(items -> {
                            StringBuilder sb = new StringBuilder();
                            for (Object item : items) {
                                sb.append(first.getAndSet(false) ? "" : ",").append(json(item));
                            }
                            return Buffer.buffer(sb.toString());
                        }));
                chunks.add(Multi.createFrom().item(Buffer.buffer("]")));
            } else {
                chunks.add(part.items(projectId, appUserId)
                        .collect()
                        .first()
                        .map(item -> Buffer.buffer(name + (item == null ? "null" : json(item))))
                        .toMulti());
            }
        }
        chunks.add(Multi.createFrom().item(Buffer.buffer("}")));
        return Multi.createBy().concatenating().streams(chunks);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
