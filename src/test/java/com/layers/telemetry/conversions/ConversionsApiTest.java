package com.layers.telemetry.conversions;

import static org.hamcrest.Matchers.equalTo;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daily conversions rollup as partners read it. */
@QuarkusTest
class ConversionsApiTest {
    @Test
    void conversionsPerDayNameAndCurrency() {
        Api.ProjectFixture p = Api.newProject();
        Instant day1 = Instant.now()
                .minus(Duration.ofDays(3))
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofHours(10));
        Reads.ingest(
                p,
                List.of(
                        Reads.event("Purchase", "u1", Events.id(), day1, Map.of("revenue", 9.99, "currency", "USD")),
                        Reads.event(
                                "Purchase",
                                "u2",
                                Events.id(),
                                day1.plusSeconds(60),
                                Map.of("revenue", 20.01, "currency", "USD")),
                        Reads.event(
                                "Purchase",
                                "u2",
                                Events.id(),
                                day1.plusSeconds(61),
                                Map.of("revenue", 5, "currency", "EUR")),
                        Reads.event(
                                "Subscribe", null, Events.id(), day1.plus(Duration.ofDays(1)), Map.of("revenue", 1.5)),
                        Reads.event("view", "u1", Events.id(), day1, Map.of("currency", "USD"))));
        String d1 = day1.atZone(ZoneOffset.UTC).toLocalDate().toString();
        String d2 = day1.plus(Duration.ofDays(1))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        Reads.get(p, "events:read", "/conversions")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(3))
                .body("data[0].day", equalTo(d1))
                .body("data[0].eventName", equalTo("Purchase"))
                .body("data[0].currency", equalTo("EUR"))
                .body("data[0].count", equalTo(1))
                .body("data[0].revenue", equalTo(5))
                .body("data[1].currency", equalTo("USD"))
                .body("data[1].count", equalTo(2))
                .body("data[1].revenue", equalTo(30.00f))
                .body("data[2].day", equalTo(d2))
                .body("data[2].eventName", equalTo("Subscribe"))
                .body("data[2].currency", equalTo("XXX"));
        Reads.get(p, "events:read", "/conversions?since=" + d2 + "&until=" + d2.substring(0, 8) + "99")
                .then()
                .statusCode(400);
        Reads.get(p, "events:read", "/conversions?since=" + d2).then().body("data.size()", equalTo(1));
    }
}
