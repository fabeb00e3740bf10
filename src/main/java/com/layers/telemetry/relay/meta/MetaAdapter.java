package com.layers.telemetry.relay.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.relay.platform.Answers;
import com.layers.telemetry.relay.platform.OutgoingEvent;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import com.layers.telemetry.relay.platform.PlatformDestination;
import com.layers.telemetry.relay.platform.PlatformRequest;
import com.layers.telemetry.relay.platform.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meta Conversions API, app events: {@code POST {url}/{version}/{pixelId}/events?access_token=…} with
 * {@code {"data": [...], "test_event_code"?}}; Meta's standard event names pass through as they are. Answers: 2xx is
 * success; errors carry {@code error.code}, and codes 1 and 2 (temporary), 4, 17 and 80003 (throttling), 341 and 368
 * (temporary limits) are retried, like HTTP 5xx and 429; any other refusal is final.
 */
@ApplicationScoped
public class MetaAdapter implements PlatformAdapter {
    private static final Set<Integer> RETRY = Set.of(1, 2, 4, 17, 341, 368, 80003);
    private static final Map<String, String> DEFAULTS = Map.copyOf(Answers.sameNames(
            "AddPaymentInfo",
            "AddToCart",
            "AddToWishlist",
            "CompleteRegistration",
            "Contact",
            "CustomizeProduct",
            "Donate",
            "FindLocation",
            "InitiateCheckout",
            "Lead",
            "Purchase",
            "Schedule",
            "Search",
            "StartTrial",
            "SubmitApplication",
            "Subscribe",
            "ViewContent"));

    private final MetaConfig config;

    public MetaAdapter(MetaConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "meta";
    }

    @Override
    public String displayName() {
        return "Meta";
    }

    @Override
    public Field target() {
        return new Field("pixelId", "Meta: the pixel (dataset) id");
    }

    @Override
    public List<Field> optionalFields() {
        return List.of();
    }

    @Override
    public Map<String, String> defaultEventNames() {
        return DEFAULTS;
    }

    @Override
    public PlatformRequest request(PlatformDestination d, List<OutgoingEvent> events) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode data = body.putArray("data");
        events.forEach(e -> data.add(MetaPayload.event(e.event(), e.platformName())));
        if (d.testEventCode() != null) {
            body.put("test_event_code", d.testEventCode());
        }
        String token = URLEncoder.encode(d.accessToken(), StandardCharsets.UTF_8);
        return new PlatformRequest(
                id(),
                PlatformRequest.url(
                        config.url(), "/" + config.version() + "/" + d.target() + "/events?access_token=" + token),
                Map.of(),
                body,
                token);
    }

    @Override
    public SendResult read(int status, String body) {
        JsonNode json = Answers.json(body);
        JsonNode error = json.path("error");
        String trace = Answers.text(error.isMissingNode() ? json.path("fbtrace_id") : error.path("fbtrace_id"));
        if (status >= 200 && status < 300) {
            return new SendResult(SendResult.Outcome.SENT, status, null, null, trace, 0, null);
        }
        Integer code = error.path("code").isInt() ? error.path("code").asInt() : null;
        String subcode = error.path("error_subcode").isNumber()
                ? "/" + error.path("error_subcode").asText()
                : "";
        boolean retry = status >= 500 || status == 429 || (code != null && RETRY.contains(code));
        return new SendResult(
                retry ? SendResult.Outcome.RETRY : SendResult.Outcome.FAILED,
                status,
                code == null ? null : code + subcode,
                Answers.text(error.path("message")),
                trace,
                0,
                null);
    }
}
