package com.layers.telemetry.relay;

import com.layers.telemetry.common.OpaqueCursor;

/** The opaque keyset cursor of the deliveries listing. */
final class DeliveryCursor {
    private DeliveryCursor() {
    }

    static String encode(DeliveryRepository.After after) {
        return OpaqueCursor.encode(after.sdkAppId(), after.eventId(), after.destination());
    }

    /** Null for a blank cursor. */
    static DeliveryRepository.After decode(String cursor) {
        return OpaqueCursor.decode(cursor, 3, p -> {
            if (Platform.of(p.get(2)).isEmpty()) {
                throw new IllegalArgumentException("unknown destination");
            }
            return new DeliveryRepository.After(p.get(0), p.get(1), p.get(2));
        });
    }
}
