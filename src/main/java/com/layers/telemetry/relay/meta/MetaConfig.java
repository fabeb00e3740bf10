package com.layers.telemetry.relay.meta;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Meta's Conversions API. Environment names: RELAY_META_URL, RELAY_META_VERSION. */
@ConfigMapping(prefix = "relay.meta")
public interface MetaConfig {
    @WithDefault("https://graph.facebook.com")
    String url();

    /** Graph API version; every version is supported for at least two years. */
    @WithDefault("v26.0")
    String version();
}
