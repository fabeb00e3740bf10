package com.layers.telemetry.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real stack for every @QuarkusTest in the suite (one broker, one database per run). */
@QuarkusTestResource(value = TelemetryStackResource.class, restrictToAnnotatedClass = false)
public final class GlobalStack {
    private GlobalStack() {}
}
