package com.layers.telemetry.relay.tiktok;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** TikTok's Events API. Environment name: RELAY_TIKTOK_URL. */
@ConfigMapping(prefix = "relay.tiktok")
public interface TikTokConfig {
    @WithDefault("https://business-api.tiktok.com")
    String url();
}
