package com.layers.telemetry.relay;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The sender {@code relay.sender} names. */
@ApplicationScoped
class RelaySenders {
    @Produces
    @ApplicationScoped
    RelaySender sender(RelayConfig config, Vertx vertx, Platforms platforms) {
        return config.sender() == RelayConfig.Sender.stub
                ? new StubRelaySender()
                : new HttpRelaySender(vertx, config, platforms);
    }
}
