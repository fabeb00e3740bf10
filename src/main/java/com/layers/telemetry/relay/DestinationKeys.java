package com.layers.telemetry.relay;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens stored destinations for sending: decrypts each access token, held in memory only for the round. */
@ApplicationScoped
class DestinationKeys {
    private final TokenCipher cipher;

    DestinationKeys(TokenCipher cipher) {
        this.cipher = cipher;
    }

    Map<String, DeliveryPlan.Target> open(Map<String, DestinationRepository.Stored> stored) {
        Map<String, DeliveryPlan.Target> out = new LinkedHashMap<>();
        stored.forEach((key, s) -> {
            Platform platform = Platform.of(s.view().destination()).orElseThrow();
            String token = cipher.decrypt(s.sealedToken(), TokenCipher.associatedData(s.view().projectId(), s.view().sdkAppId(), platform));
            out.put(key, new DeliveryPlan.Target(s.view(), token, platform));
        });
        return out;
    }
}
