package com.layers.telemetry.attribution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Apple's AdServices attribution API. Environment names: ADSERVICES_URL, ADSERVICES_REQUEST_TIMEOUT… The rules are
 * Apple's (AAAttribution.attributionToken() reference): tokens live 24 hours, a 404 means "not ready yet, try again
 * every 5 seconds, at most three attempts", and Apple may hold a 404 for up to a second.
 */
@ConfigMapping(prefix = "adservices")
public interface AdServicesConfig {
    /** Where tokens are posted, used exactly as given (no path appended). */
    @WithDefault("https://api-adservices.apple.com/api/v1/")
    String url();

    /** Per-request timeout: well above the second Apple may hold a 404. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Attempts in all while Apple answers 404 (not ready yet). */
    @WithDefault("3")
    int notFoundAttempts();

    /** The wait after a 404 before the next attempt. */
    @WithDefault("5s")
    Duration notFoundInterval();

    /** A token's life: after it, a 404 or a server error is final. */
    @WithDefault("24h")
    Duration tokenLifetime();

    /** The first retry after a server error or no answer; each later one doubles, with ±20 % jitter. */
    @WithDefault("5s")
    Duration firstRetry();

    @WithDefault("30m")
    Duration maxBackoff();

    /** How often each instance looks for due exchanges. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Exchanges claimed per round; a round holds their locks while it waits for Apple. */
    @WithDefault("32")
    int claimSize();
}
