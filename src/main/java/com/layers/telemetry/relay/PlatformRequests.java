package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The request for a chunk of events. Meta: {@code POST {url}/{version}/{pixelId}/events?access_token=…} with
 * {@code {"data": [...], "test_event_code"?}}. TikTok: {@code POST {url}/open_api/v1.3/event/track/} with the
 * {@code Access-Token} header and {@code {"event_source": "app", "event_source_id", "test_event_code"?, "data": [...]}}.
 */
final class PlatformRequests {
    private PlatformRequests() {
    }

    static PlatformRequest build(DeliveryPlan.Target target, List<DeliveryPlan.Item> items, RelayConfig config) {
        Destination d = target.destination();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (target.platform() == Platform.META) {
            ArrayNode data = body.putArray("data");
            items.forEach(i -> data.add(MetaPayload.event(i.event(), i.platformName())));
            if (d.testEventCode() != null) {
                body.put("test_event_code", d.testEventCode());
            }
            String url = trim(config.meta().url()) + "/" + config.meta().version() + "/" + d.pixelId() + "/events?access_token="
                    + URLEncoder.encode(target.accessToken(), StandardCharsets.UTF_8);
            return new PlatformRequest(Platform.META, url, Map.of(), body, URLEncoder.encode(target.accessToken(), StandardCharsets.UTF_8));
        }
        body.put("event_source", "app");
        body.put("event_source_id", d.eventSourceId());
        if (d.testEventCode() != null) {
            body.put("test_event_code", d.testEventCode());
        }
        ArrayNode data = body.putArray("data");
        items.forEach(i -> data.add(TikTokPayload.event(i.event(), i.platformName(), d.appId())));
        return new PlatformRequest(Platform.TIKTOK, trim(config.tiktok().url()) + "/open_api/v1.3/event/track/",
                Map.of("Access-Token", target.accessToken()), body, target.accessToken());
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
