package com.layers.telemetry.rawevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.OpenApiContribution;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The example page of {@code GET …/events}. An annotation that gives the answer an example also replaces the schema
 * the generic {@code CursorPage<RawEvent>} return type generates, so the example is added here, beside that schema.
 */
@Unremovable
@ApplicationScoped
class RawEventsApiDocument implements OpenApiContribution {
    private static final String EXAMPLE = """
            {"data": [{"eventId": "evt_stripe_pi_3KZ4M2A", "sdkAppId": "app_demo", "name": "Purchase",
              "appUserId": "user_42", "occurredAt": "2026-11-22T07:32:11Z", "receivedAt": "2026-11-22T07:32:11.404Z",
              "deviceId": null, "properties": {"revenue": 19.99, "currency": "USD", "product_id": "premium_yearly"},
              "context": {"locale": "en-US"}}],
             "nextCursor": "MjAyNi0xMS0yMlQwNzozMjoxMVofZXZ0X3N0cmlwZV9waV8zS1o0TTJBH2FwcF9kZW1v"}""";

    @Override
    public void contribute(OpenAPI api) {
        var item = api.getPaths().getPathItem("/v1/projects/{projectId}/events");
        APIResponse ok = item == null || item.getGET() == null
                ? null
                : item.getGET().getResponses().getAPIResponse("200");
        MediaType json =
                ok == null || ok.getContent() == null ? null : ok.getContent().getMediaType("application/json");
        if (json != null) {
            try {
                json.addExample("events", OASFactory.createExample().value(new ObjectMapper().readTree(EXAMPLE)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
