package com.layers.telemetry.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code Idempotency-Key} handling, shared by every endpoint that honours it. */
@ConfigMapping(prefix = "telemetry.idempotency")
public interface IdempotencyConfig {
    /** How long a key and its stored answer are kept. */
    @WithDefault("24h")
    Duration ttl();

    /** After this an unfinished claim (its instance died mid-request) no longer blocks the key. */
    @WithDefault("60s")
    Duration inFlightTimeout();
}
