package com.layers.telemetry.common;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: Quarkus's own, after one setting that must precede it. Quarkus refuses a request
 * target that is not a valid URI (a bad %-escape such as {@code %zz}) with an empty 400 before any handler runs;
 * with that check off, {@link HttpErrorRoutes} makes the same check and answers in the error envelope.
 */
@QuarkusMain
public class TelemetryMain {
    /** Read once, when the HTTP root handler is created. */
    static final String URI_CHECK = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_CHECK, "true");
        Quarkus.run(args);
    }
}
