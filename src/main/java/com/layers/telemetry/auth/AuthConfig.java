package com.layers.telemetry.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "telemetry.auth")
public interface AuthConfig {
    /** {@code iss} of the keys this service mints; the same value verification pins. */
    @WithDefault("${mp.jwt.verify.issuer}")
    String issuer();

    /** {@code aud} of the keys this service mints; one of the audiences verification accepts. */
    @WithDefault("${mp.jwt.verify.audiences}")
    String audience();

    /** Lifetime of a minted key when the request names none. */
    @WithDefault("365")
    int defaultKeyLifetimeDays();

    /** How often each instance reloads the revoked key ids, so a revocation holds everywhere within this. */
    @WithDefault("15s")
    Duration revocationRefresh();

    /** How often each instance reloads the write keys created or revoked since, so a revocation holds everywhere. */
    @WithDefault("2s")
    Duration writeKeyRefresh();

    /** When set, a fresh admin key is minted at start and written here (the local stack prints it). */
    Optional<Path> bootstrapAdminKeyFile();
}
