package com.layers.telemetry.ingest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * CORS for the paths browser apps call with a write key (the SDK path and the Segment tracking API): any origin, no
 * cookies (a write key is public, and these paths read nothing). The partner API stays closed to browsers.
 */
@ApplicationScoped
class BrowserCors {
    static final Set<String> PATHS = Set.of(
            "/v1/sdk/events",
            "/v1/batch",
            "/v1/import",
            "/v1/track",
            "/v1/identify",
            "/v1/page",
            "/v1/screen",
            "/v1/group",
            "/v1/alias");
    private static final String ALLOWED_HEADERS =
            "Content-Type, Content-Encoding, Authorization, X-App-Id, Idempotency-Key, X-Request-Id";

    void register(@Observes Filters filters) {
        // Ahead of common/HttpErrorRoutes, which answers OPTIONS itself.
        filters.register(
                ctx -> {
                    HttpServerRequest request = ctx.request();
                    String path = request.path();
                    if (request.getHeader("Origin") == null
                            || !PATHS.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path)) {
                        ctx.next();
                        return;
                    }
                    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
                    if (request.method() == HttpMethod.OPTIONS
                            && request.getHeader("Access-Control-Request-Method") != null) {
                        ctx.response()
                                .setStatusCode(204)
                                .putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
                                .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                                .putHeader("Access-Control-Max-Age", "86400")
                                .end();
                        return;
                    }
                    ctx.response().putHeader("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
                    ctx.next();
                },
                Integer.MAX_VALUE);
    }
}
