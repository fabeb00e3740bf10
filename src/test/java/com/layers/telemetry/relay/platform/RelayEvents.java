package com.layers.telemetry.relay.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;

/** A stored purchase as the relay reads it, with the context, identity and ATT status a payload test varies. */
public final class RelayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayEvents() {}

    public static RelayEvent purchase(String context, String identity, String attStatus) throws Exception {
        return purchase(context, identity, attStatus, false);
    }

    public static RelayEvent purchase(String context, String identity, String attStatus, boolean limitedDataUse)
            throws Exception {
        return new RelayEvent(
                "p",
                "a",
                "evt_1",
                "Purchase",
                Instant.parse("2026-11-20T10:00:00.250Z"),
                Instant.now(),
                "user_42",
                JSON.readTree("{\"product_id\": \"pro_yearly\", \"quantity\": 2, \"order_id\": \"o-9\"}"),
                JSON.readTree(context),
                JSON.readTree(identity),
                attStatus,
                "ios",
                new BigDecimal("39.98"),
                "USD",
                limitedDataUse);
    }
}
