package com.layers.telemetry.relay;

import com.layers.telemetry.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque keyset cursor of the deliveries listing. */
final class DeliveryCursor {
    private static final String SEP = "\u001f";

    private DeliveryCursor() {
    }

    static String encode(DeliveryRepository.After after) {
        String raw = after.sdkAppId() + SEP + after.eventId() + SEP + after.destination();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static DeliveryRepository.After decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEP, -1);
            if (parts.length != 3 || Platform.of(parts[2]).isEmpty()) {
                throw new IllegalArgumentException();
            }
            return new DeliveryRepository.After(parts[0], parts[1], parts[2]);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("cursor is not a cursor this API returned");
        }
    }
}
