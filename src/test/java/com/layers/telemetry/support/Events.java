package com.layers.telemetry.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies for POST /v1/events. */
public final class Events {
    private Events() {
    }

    public static Map<String, Object> event(String name, String appUserId, String eventId) {
        Map<String, Object> e = new HashMap<>();
        e.put("name", name);
        e.put("occurredAt", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        if (appUserId != null) {
            e.put("appUserId", appUserId);
        }
        if (eventId != null) {
            e.put("eventId", eventId);
        }
        return e;
    }

    public static Map<String, Object> batch(Api.ProjectFixture p, List<?> events) {
        return Map.of("projectId", p.projectId(), "sdkAppId", p.sdkAppId(), "events", events);
    }

    public static String id() {
        return "evt_" + UUID.randomUUID();
    }
}
