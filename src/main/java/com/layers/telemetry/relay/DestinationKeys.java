package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.PlatformDestination;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens stored destinations for sending: decrypts each access token, held in memory only for the round. */
@ApplicationScoped
class DestinationKeys {
    private final TokenCipher cipher;
    private final Platforms platforms;

    DestinationKeys(TokenCipher cipher, Platforms platforms) {
        this.cipher = cipher;
        this.platforms = platforms;
    }

    Map<String, DeliveryPlan.Target> open(Map<String, DestinationRepository.Stored> stored) {
        Map<String, DeliveryPlan.Target> out = new LinkedHashMap<>();
        stored.forEach((key, s) -> platforms.of(s.view().destination()).ifPresent(platform -> {
            // A destination whose platform no adapter serves is left out: its events are skipped as
            // destination_removed.
            String token = cipher.decrypt(
                    s.sealedToken(),
                    TokenCipher.associatedData(s.view().projectId(), s.view().sdkAppId(), platform.id()));
            out.put(
                    key,
                    new DeliveryPlan.Target(
                            s.view(),
                            new PlatformDestination(
                                    s.view().projectId(),
                                    s.view().sdkAppId(),
                                    s.target(),
                                    s.settings(),
                                    token,
                                    s.view().testEventCode()),
                            platform));
        }));
        return out;
    }
}
