package com.layers.telemetry.relay.acme;

import io.smallrye.config.ConfigMapping;

/** The test-only platform's settings, under the relay's prefix like every platform's (RELAY_ACME_URL). */
@ConfigMapping(prefix = "relay.acme")
public interface AcmeConfig {
    String url();
}
