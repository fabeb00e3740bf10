package com.layers.telemetry.ingest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address an SDK request came from, for its own rate-limit budget. Behind a proxy, Quarkus's
 * {@code quarkus.http.proxy.*} settings make this the client's address rather than the proxy's.
 */
public final class SourceAddress {
    private SourceAddress() {}

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
