package com.layers.telemetry.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The conversions relay. Environment names: RELAY_SENDER, RELAY_ENCRYPTION_KEY… (each platform's: its adapter's config). */
@ConfigMapping(prefix = "relay")
public interface RelayConfig {
    /** {@code http}: real requests; {@code stub}: record the exact request instead of sending it (local stack). */
    @WithDefault("http")
    Sender sender();

    enum Sender {
        http,
        stub
    }

    /**
     * AES key (base64 of 16, 24 or 32 bytes) that encrypts destinations' access tokens at rest. No default: the
     * service refuses to start without one (the local stack generates one; tests and dev mode have their own).
     */
    String encryptionKey();

    /** Events per request (both platforms take at most 1,000). */
    @WithDefault("1000")
    int batchSize();

    /** Attempts per event before it is recorded failed. */
    @WithDefault("10")
    int maxAttempts();

    /** The first retry's delay; each later one doubles, with ±20 % jitter, up to {@link #maxBackoff()}. */
    @WithDefault("5s")
    Duration firstRetry();

    @WithDefault("30m")
    Duration maxBackoff();

    /** Events older than this at relay time are never sent (Meta refuses a whole request for one such event). */
    @WithDefault("7d")
    Duration lookback();

    /** How often each instance looks for due outbox rows. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Outbox rows claimed per round; each round holds its rows' locks while it sends. */
    @WithDefault("64")
    int claimSize();

    /** Concurrent claim-and-send rounds per instance. */
    @WithDefault("2")
    int workers();

    /** Per-request timeout towards the platforms. */
    @WithDefault("10s")
    Duration requestTimeout();
}
