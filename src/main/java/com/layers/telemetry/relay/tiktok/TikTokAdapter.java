package com.layers.telemetry.relay.tiktok;

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
import java.util.List;
import java.util.Map;

/**
 * TikTok Events API 2.0, app events: {@code POST {url}/open_api/v1.3/event/track/} with the {@code Access-Token} header
 * and {@code {"event_source": "app", "event_source_id", "test_event_code"?, "data": [...]}}. TikTok's app names differ
 * from its web names (Purchase is {@code Purchase}, not the web event {@code CompletePayment}); TikTok's own app names
 * pass through. TikTok answers HTTP 200 even on failure: {@code code} 0 is success, 40100 is throttling (retry), any
 * other code is final; HTTP 5xx and 429 are retried.
 */
@ApplicationScoped
public class TikTokAdapter implements PlatformAdapter {
    static final String STORE_APP_ID = "appId";
    private static final Map<String, String> DEFAULTS = defaults();

    private final TikTokConfig config;

    public TikTokAdapter(TikTokConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "tiktok";
    }

    @Override
    public String displayName() {
        return "TikTok";
    }

    @Override
    public Field target() {
        return new Field("eventSourceId", "TikTok: the event source (app) id");
    }

    @Override
    public List<Field> optionalFields() {
        return List.of(new Field(STORE_APP_ID, "TikTok: the store app id, sent as app.app_id"));
    }

    @Override
    public Map<String, String> defaultEventNames() {
        return DEFAULTS;
    }

    @Override
    public PlatformRequest request(PlatformDestination d, List<OutgoingEvent> events) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("event_source", "app");
        body.put("event_source_id", d.target());
        if (d.testEventCode() != null) {
            body.put("test_event_code", d.testEventCode());
        }
        ArrayNode data = body.putArray("data");
        events.forEach(e -> data.add(
                TikTokPayload.event(e.event(), e.platformName(), d.settings().get(STORE_APP_ID))));
        return new PlatformRequest(
                id(),
                PlatformRequest.url(config.url(), "/open_api/v1.3/event/track/"),
                Map.of("Access-Token", d.accessToken()),
                body,
                d.accessToken());
    }

    @Override
    public SendResult read(int status, String body) {
        JsonNode json = Answers.json(body);
        String trace = Answers.text(json.path("request_id"));
        String message = Answers.text(json.path("message"));
        if (status >= 500 || status == 429) {
            return new SendResult(
                    SendResult.Outcome.RETRY, status, Answers.text(json.path("code")), message, trace, 0, null);
        }
        if (status < 200 || status >= 300 || !json.path("code").isInt()) {
            return new SendResult(
                    SendResult.Outcome.FAILED, status, Answers.text(json.path("code")), message, trace, 0, null);
        }
        int code = json.path("code").asInt();
        SendResult.Outcome outcome = code == 0 || code == 20001
                ? SendResult.Outcome.SENT
                : code == 40100 ? SendResult.Outcome.RETRY : SendResult.Outcome.FAILED;
        return new SendResult(outcome, status, String.valueOf(code), message, trace, 0, null);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = Answers.sameNames(
                "AchieveLevel",
                "AddPaymentInfo",
                "AddToCart",
                "AddToWishlist",
                "Checkout",
                "CompleteTutorial",
                "CreateGroup",
                "CreateRole",
                "GenerateLead",
                "InAppADClick",
                "InAppADImpr",
                "InstallApp",
                "JoinGroup",
                "LaunchAPP",
                "LoanApplication",
                "LoanApproval",
                "LoanDisbursal",
                "Login",
                "Purchase",
                "Rate",
                "Registration",
                "Search",
                "SpendCredits",
                "StartTrial",
                "Subscribe",
                "UnlockAchievement",
                "ViewContent");
        m.put("CompleteRegistration", "Registration");
        m.put("InitiateCheckout", "Checkout");
        m.put("Lead", "GenerateLead");
        return Map.copyOf(m);
    }
}
