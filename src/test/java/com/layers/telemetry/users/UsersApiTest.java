package com.layers.telemetry.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersApiTest {
    private static final Instant T = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void listDetailAndHistoryAsDocumented() {
        Api.ProjectFixture p = Api.newProject();
        Map<String, Object> a1 = Reads.event(
                "paywall_open",
                "user_abc",
                "evt_001",
                T,
                Map.of("campaign_id", "camp_abc123", "paywall_id", "pw_main"));
        a1.put("context", Map.of("device", Map.of("id", "device_001")));
        Map<String, Object> a2 = Reads.event(
                "transaction_complete",
                "user_abc",
                "evt_002",
                T.plusSeconds(15),
                Map.of(
                        "product_id",
                        "com.myapp.pro_monthly",
                        "revenue",
                        9.99,
                        "currency",
                        "USD",
                        "campaign_id",
                        "camp_abc123"));
        a2.put("context", Map.of("device", Map.of("id", "device_002")));
        Map<String, Object> b1 = Reads.event("app_open", "user_def", "evt_003", T.minusSeconds(60), null);
        Reads.ingest(p, List.of(a1, a2, b1));

        Reads.get(p, "events:read", "/users?limit=1")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].user_id", equalTo("user_abc"))
                .body("data[0].last_seen", equalTo(T.plusSeconds(15).toString().replace("Z", ".000Z")))
                .body("data[0].event_count", equalTo(2))
                .body("pagination.limit", equalTo(1))
                .body("pagination.offset", equalTo(0))
                .body("pagination.total", equalTo(2));
        Reads.get(p, "events:read", "/users?limit=1&offset=1").then().body("data[0].user_id", equalTo("user_def"));

        Reads.get(p, "events:read", "/users/user_abc")
                .then()
                .statusCode(200)
                .body("user_id", equalTo("user_abc"))
                .body("device_ids", equalTo(List.of("device_001", "device_002")))
                .body("first_seen", equalTo(T.toString().replace("Z", ".000Z")))
                .body("event_count", equalTo(2))
                .body("event_types", equalTo(List.of("paywall_open", "transaction_complete")));

        Reads.get(p, "events:read", "/users/user_abc/events?limit=10&offset=0")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of("evt_002", "evt_001")))
                .body("data[0].event_name", equalTo("transaction_complete"))
                .body("data[0].device_id", equalTo("device_002"))
                .body("data[0].properties.transaction_amount", nullValue())
                .body("data[0].properties.revenue", equalTo(9.99f))
                .body("data[0].campaign_id", equalTo("camp_abc123"))
                .body("data[0].paywall_id", nullValue())
                .body("data[1].paywall_id", equalTo("pw_main"))
                .body("pagination.total", equalTo(2));
        Reads.get(p, "events:read", "/users/user_def/events").then().body("data[0].properties", nullValue());
    }

    @Test
    void errors() {
        Api.ProjectFixture p = Api.newProject();
        Reads.ingest(p, List.of(Events.event("a", "someone", Events.id())));
        Reads.get(p, "events:read", "/users/ghost")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("USER_NOT_FOUND"))
                .body("error.message", equalTo("User not found. No events found for this user ID."))
                .body(
                        "error.suggestion",
                        equalTo("List users with GET /v1/projects/:id/users. Users appear once events are ingested."));
        Reads.get(p, "events:read", "/users/ghost/events")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("USER_NOT_FOUND"));
        Reads.get(p, "events:read", "/users?limit=201")
                .then()
                .statusCode(400)
                .body("error.message", equalTo("limit must be between 1 and 200"));
        Reads.get(p, "events:read", "/users?limit=abc")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("VALIDATION"));
        Reads.get(p, "events:read", "/users?offset=-1").then().statusCode(400);
    }

    @Test
    void historyPagesAreStableWhileNewEventsArrive() {
        Api.ProjectFixture p = Api.newProject();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(Reads.event("e", "pager", "evt_p_" + i, T.plusSeconds(i), null));
        }
        Reads.ingest(p, events);
        var first = Reads.get(p, "events:read", "/users/pager/events?limit=10")
                .then()
                .statusCode(200)
                .extract();
        String asOf = first.path("pagination.asOf");
        Set<String> seen = new HashSet<>(first.<List<String>>path("data.id"));
        // Newer events arrive between pages: they must not shift what the next pages return.
        List<Map<String, Object>> newer = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newer.add(Reads.event(
                    "e", "pager", "evt_new_" + i, T.plus(Duration.ofHours(1)).plusSeconds(i), null));
        }
        Reads.ingest(p, newer);
        for (int offset = 10; offset < 30; offset += 10) {
            List<String> page = Reads.get(
                            p, "events:read", "/users/pager/events?limit=10&offset=" + offset + "&asOf=" + asOf)
                    .then()
                    .statusCode(200)
                    .body("pagination.total", equalTo(30))
                    .extract()
                    .path("data.id");
            assertThat(page).hasSize(10).allSatisfy(id -> assertThat(seen).doesNotContain(id));
            seen.addAll(page);
        }
        assertThat(seen).hasSize(30);
    }
}
