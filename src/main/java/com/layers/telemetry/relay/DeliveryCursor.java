package com.layers.telemetry.relay;

import com.layers.telemetry.common.OpaqueCursor;

/** The opaque keyset cursor of the deliveries listing. */
final class DeliveryCursor {
    private DeliveryCursor() {}

    private static final String LISTING = "relay-deliveries";

    static String encode(String projectId, DeliveryRepository.After after) {
        return OpaqueCursor.encode(LISTING, projectId, after.sdkAppId(), after.eventId(), after.destination());
    }

    /** Null for a blank cursor. */
    static DeliveryRepository.After decode(String cursor, String projectId) {
        return OpaqueCursor.decode(
                cursor, LISTING, projectId, 3, p -> new DeliveryRepository.After(p.get(0), p.get(1), p.get(2)));
    }
}
