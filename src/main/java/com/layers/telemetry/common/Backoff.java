package com.layers.telemetry.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±20 % jitter: {@code first}, then doubling per attempt, never above {@code max}. */
public record Backoff(Duration first, Duration max) {

    /** The delay before the retry that follows {@code attempts} attempts (1 = after the first attempt). */
    public Duration after(int attempts) {
        double base = first.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
        double capped = Math.min(base, max.toMillis());
        double jittered = capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(jittered, max.toMillis()));
    }
}
