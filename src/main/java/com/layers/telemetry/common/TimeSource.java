package com.layers.telemetry.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** "Now" for read-time computations (retention windows, 30-day counts); one bean so tests can pin it. */
@ApplicationScoped
public class TimeSource {
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
