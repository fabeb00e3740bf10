package com.layers.telemetry.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies for POST /v1/events. */
public final class Events {
    private Events() {}

    public static Map<String, Object> event(String name, String appUserId, String eventId) {
        Map<String, Object> e = new HashMap<>();
        e.put("name", name);
        e.put(
                "occurredAt",
                Instant.now()
                        .minus(1, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
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

    /** JSON objects whose numbers a round trip through doubles would change (to 19.9, 0.30000000000000004, 2.5, 100.0, 3). */
    public static final String EXACT_PROPERTIES =
            "{\"revenue\": 19.90, \"exact\": 0.30000000000000004441, \"list\": [2.50, 1e2]}";

    public static final String EXACT_CONTEXT = "{\"screen\": {\"scale\": 3.0}}";

    /** The stored event's properties and context are {@link #EXACT_PROPERTIES} and {@link #EXACT_CONTEXT}, digits kept. */
    public static void assertStoredExactly(String projectId, String eventId) {
        Map<String, Object> row = Db.rows(
                        "SELECT properties->>'revenue' AS revenue, properties->>'exact' AS exact, "
                                + "(properties->'list')::text AS list, (context->'screen')::text AS screen FROM sdk_events "
                                + "WHERE project_id = ? AND event_id = ?",
                        projectId,
                        eventId)
                .get(0);
        assertThat(row)
                .containsEntry("revenue", "19.90")
                .containsEntry("exact", "0.30000000000000004441")
                .containsEntry("list", "[2.50, 100]")
                .containsEntry("screen", "{\"scale\": 3.0}");
    }

    public static String id() {
        return "evt_" + UUID.randomUUID();
    }
}
