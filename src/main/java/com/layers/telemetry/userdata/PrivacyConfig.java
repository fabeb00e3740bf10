package com.layers.telemetry.userdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Privacy requests, suppression and erasure. Environment names: PRIVACY_HASH_KEY, PRIVACY_SETTLE… */
@ConfigMapping(prefix = "privacy")
public interface PrivacyConfig {
    /**
     * HMAC-SHA256 key (base64 of 32 bytes) under which a suppressed or erased user is kept as a hash. No default: the
     * service refuses to start without one (the local stack generates one; tests and dev mode have their own).
     */
    String hashKey();

    /** How often each instance reloads the suppression and erasure lists that changed through another instance. */
    @WithDefault("1s")
    Duration refresh();

    /**
     * How long after its first sweep an erasure sweeps again before it completes: long enough for every instance to
     * have reloaded the lists ({@link #refresh()}) and for a storage transaction begun before that to have ended.
     * Suppressions complete after it too: completed means in force on every instance.
     */
    @WithDefault("5s")
    Duration settle();

    /** How often each instance looks for privacy requests to work. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events erased per transaction: bounds the locks an erasure holds and the WAL of one commit. */
    @WithDefault("2000")
    int chunkSize();

    /** A request a worker holds for this long without progress (its instance died) is taken over by another. */
    @WithDefault("30s")
    Duration lease();

    /** App user ids per request. */
    @WithDefault("1000")
    int maxUsersPerRequest();
}
