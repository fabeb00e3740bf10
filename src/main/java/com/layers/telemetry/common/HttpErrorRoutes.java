package com.layers.telemetry.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives every response an {@code X-Request-Id} and turns failures that never reach a resource into the error
 * envelope, so no client ever sees an empty body, an HTML page or a stack trace: a request line or headers over the
 * limits (414, 431), a body declared over the limit (413), a target that is not a valid URI (400),
 * an unknown route outside the REST layer, a crash in the HTTP layer.
 *
 * <p>The HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set
 * well above the ones enforced here, so requests between the two get the envelope; only requests beyond the codec's
 * limits, or that are not HTTP at all (a bare CR in a header), are answered by the codec with an empty 4xx.
 */
@ApplicationScoped
public class HttpErrorRoutes {
    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);
    /** The request line (method, target, version) and all headers (names, values, separators) a request may have. */
    static final int MAX_REQUEST_LINE = 4096;

    static final int MAX_HEADERS = 20 * 1024;
    private static final String INVALID_TARGET =
            "The request target is not a valid URI (for instance a malformed %-escape)";

    private final long maxBodyBytes;
    private final RouteTable routes;
    private final String keepAlive;

    public HttpErrorRoutes(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            RouteTable routes,
            @ConfigProperty(name = "quarkus.http.idle-timeout") Duration idleTimeout) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.routes = routes;
        this.keepAlive = "timeout=" + keepAliveSeconds(idleTimeout);
    }

    void requestIds(@Observes Filters filters) {
        filters.register(
                ctx -> {
                    HttpServerRequest request = ctx.request();
                    String requestId = RequestIds.assign(request);
                    // The server closes a connection idle for quarkus.http.idle-timeout; a client that sent a request
                    // on it at
                    // that moment would see it closed under the request. Clients that read Keep-Alive (Vert.x, Node's
                    // undici,
                    // among others) stop reusing the connection this many seconds earlier instead.
                    ctx.addHeadersEndHandler(v -> {
                        HttpServerResponse response = ctx.response();
                        if (request.version() == HttpVersion.HTTP_1_1
                                && !"close".equalsIgnoreCase(response.headers().get(HttpHeaders.CONNECTION))) {
                            response.putHeader(HttpHeaders.KEEP_ALIVE, keepAlive);
                        }
                    });
                    if (request.uri().length() + request.method().name().length() + 10 > MAX_REQUEST_LINE) {
                        refuse(
                                ctx,
                                414,
                                ErrorCode.URI_TOO_LONG,
                                "Request line is longer than " + MAX_REQUEST_LINE + " bytes",
                                requestId);
                        return;
                    }
                    if (!validTarget(request.uri())) {
                        refuse(ctx, 400, ErrorCode.VALIDATION, INVALID_TARGET, requestId);
                        return;
                    }
                    if (headerBytes(request) > MAX_HEADERS) {
                        refuse(
                                ctx,
                                431,
                                ErrorCode.HEADERS_TOO_LARGE,
                                "Request headers are larger than " + MAX_HEADERS + " bytes",
                                requestId);
                        return;
                    }
                    // Refuse a declared oversize body before reading it. A chunked one is refused by the REST layer
                    // once it has
                    // read past the limit: 413 and X-Request-Id, but an empty body (see ErrorMappers.tooLarge).
                    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null && isOver(length)) {
                        refuse(
                                ctx,
                                413,
                                ErrorCode.PAYLOAD_TOO_LARGE,
                                "Request body is larger than the " + maxBodyBytes + "-byte limit",
                                requestId);
                        return;
                    }
                    Set<String> allowed = routes.allowed(request.path());
                    if (allowed != null && !allowed.contains(request.method().name())) {
                        ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
                        refuse(
                                ctx,
                                405,
                                ErrorCode.METHOD_NOT_ALLOWED,
                                request.method().name() + " is not allowed here; this path answers "
                                        + String.join(", ", allowed),
                                requestId);
                        return;
                    }
                    if (allowed != null && request.method() == HttpMethod.OPTIONS) {
                        ctx.response()
                                .setStatusCode(204)
                                .putHeader(HttpHeaders.ALLOW, String.join(", ", allowed))
                                .end();
                        return;
                    }
                    if (request.path().startsWith("/q/metrics")
                            && !acceptsMetricsText(request.getHeader(HttpHeaders.ACCEPT))) {
                        // Prometheus' text is the one format there is: serve it rather than an empty 406.
                        request.headers().set(HttpHeaders.ACCEPT, "text/plain");
                    }
                    ctx.next();
                },
                Integer.MAX_VALUE - 1);
    }

    /** What clients are told: 5 s (a third of shorter timeouts) before the server closes an idle connection. */
    static long keepAliveSeconds(Duration idleTimeout) {
        long idle = idleTimeout.toMillis();
        return Math.max(1, (idle - Math.min(5_000, idle / 3)) / 1000);
    }

    /** Quarkus's own check (turned off in {@link TelemetryMain}, which lets this one answer in the envelope). */
    static boolean validTarget(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int headerBytes(HttpServerRequest request) {
        int bytes = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            bytes += h.getKey().length() + h.getValue().length() + 4;
        }
        return bytes;
    }

    private static boolean acceptsMetricsText(String accept) {
        return accept == null || accept.contains("text/") || accept.contains("*/*") || accept.contains("openmetrics");
    }

    private static void refuse(RoutingContext ctx, int status, ErrorCode code, String message, String requestId) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(ErrorBody.of(code, message, requestId, null)));
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        // A target the router cannot decode fails while routes are matched, before any of them runs.
        router.errorHandler(
                400, ctx -> refuse(ctx, 400, ErrorCode.VALIDATION, INVALID_TARGET, RequestIds.assign(ctx.request())));
    }

    private void onFailure(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        ErrorCode code = ErrorCode.forStatus(status);
        String message = switch (code) {
            case PAYLOAD_TOO_LARGE -> "Request body is larger than the " + maxBodyBytes + "-byte limit";
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> "Method not allowed on this resource";
            case INTERNAL -> "Internal error";
            default -> "Request failed";
        };
        if (code == ErrorCode.INTERNAL && ctx.failure() != null) {
            LOG.errorf(
                    ctx.failure(),
                    "Unhandled failure on %s %s",
                    ctx.request().method(),
                    ctx.request().path());
        }
        String requestId = response.headers().get(RequestIds.HEADER);
        if (requestId == null) {
            requestId = RequestIds.assign(ctx.request());
        }
        response.setStatusCode(code == ErrorCode.INTERNAL ? 500 : status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
            // The rest of the body is never read: the connection cannot carry another request.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Json.encode(ErrorBody.of(code, message, requestId, null)));
    }
}
