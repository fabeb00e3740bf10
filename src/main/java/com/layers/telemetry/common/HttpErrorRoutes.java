package com.layers.telemetry.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.configuration.MemorySize;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives every response an {@code X-Request-Id} and turns failures that never reach a resource (body over the
 * size limit, unknown route outside the REST layer, a crash in the HTTP layer) into the error envelope, so no
 * client ever sees an HTML page or a stack trace.
 */
@ApplicationScoped
public class HttpErrorRoutes {
    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    private final long maxBodyBytes;

    public HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void requestIds(@Observes Filters filters) {
        filters.register(ctx -> {
            String requestId = RequestIds.assign(ctx.request());
            // Refuse a declared oversize body before reading it, in the envelope (the HTTP layer's own 413 is bare).
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isOver(length)) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ErrorBody.of(ErrorCode.PAYLOAD_TOO_LARGE,
                                "Request body is larger than the " + maxBodyBytes + "-byte limit", requestId, null)));
                return;
            }
            ctx.next();
        }, Integer.MAX_VALUE);
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
            case PAYLOAD_TOO_LARGE -> "Request body is larger than the limit";
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> "Method not allowed on this resource";
            case INTERNAL -> "Internal error";
            default -> "Request failed";
        };
        if (code == ErrorCode.INTERNAL && ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "Unhandled failure on %s %s", ctx.request().method(), ctx.request().path());
        }
        String requestId = response.headers().get(RequestIds.HEADER);
        if (requestId == null) {
            requestId = RequestIds.assign(ctx.request());
        }
        response.setStatusCode(code == ErrorCode.INTERNAL ? 500 : status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(ErrorBody.of(code, message, requestId, null)));
    }
}
