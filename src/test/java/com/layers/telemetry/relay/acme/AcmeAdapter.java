package com.layers.telemetry.relay.acme;

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
 * A third ad platform that exists only in the test tree: what adding a platform takes is this one folder. Its
 * destinations have an {@code accountId} and an optional {@code region}; it takes purchases as {@code purchase}.
 */
@ApplicationScoped
public class AcmeAdapter implements PlatformAdapter {
    private final String url;

    AcmeAdapter(AcmeConfig config) {
        this.url = config.url();
    }

    @Override
    public String id() {
        return "acme";
    }

    @Override
    public String displayName() {
        return "Acme";
    }

    @Override
    public Field target() {
        return new Field("accountId", "Acme: the ad account");
    }

    @Override
    public List<Field> optionalFields() {
        return List.of(new Field("region", "Acme: the data region"));
    }

    @Override
    public Map<String, String> defaultEventNames() {
        return Map.of("Purchase", "purchase");
    }

    @Override
    public PlatformRequest request(PlatformDestination d, List<OutgoingEvent> events) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("region", d.settings().getOrDefault("region", "global"));
        ArrayNode data = body.putArray("events");
        for (OutgoingEvent e : events) {
            data.addObject()
                    .put("name", e.platformName())
                    .put("id", e.event().eventId())
                    .put("time", e.event().occurredAt().getEpochSecond())
                    .put("user", e.event().appUserId());
        }
        return new PlatformRequest(
                id(),
                url + "/v2/accounts/" + d.target() + "/events",
                Map.of("Authorization", "Bearer " + d.accessToken()),
                body,
                d.accessToken());
    }

    @Override
    public SendResult read(int status, String body) {
        SendResult.Outcome outcome = status >= 200 && status < 300
                ? SendResult.Outcome.SENT
                : status >= 500 || status == 429 ? SendResult.Outcome.RETRY : SendResult.Outcome.FAILED;
        return new SendResult(
                outcome, status, null, Answers.text(Answers.json(body).path("error")), null, 0, null);
    }
}
