package com.layers.telemetry.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure inside the REST layer to the error envelope (401 and 403: auth.AuthFailureMappers). */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final int OUTAGE_RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerResponse http) {
        Response.ResponseBuilder builder = envelope(e.code(), e.getMessage(), e.suggestion(), http);
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        return builder.build();
    }

    // Named exactly so these win over quarkus-rest-jackson's built-in mappers for the same types.
    @ServerExceptionMapper(
            value = {
                JsonProcessingException.class,
                JsonParseException.class,
                MismatchedInputException.class,
                InvalidFormatException.class,
                JsonMappingException.class
            },
            priority = Priorities.USER - 100)
    public Response badJson(JsonProcessingException e, HttpServerResponse http) {
        String message = "Request body is not valid JSON";
        boolean outOfRange = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            outOfRange |= t instanceof InputCoercionException;
        }
        String path = e instanceof JsonMappingException m ? JsonPaths.of(m.getPath()) : "";
        if (outOfRange) {
            message = (path.isEmpty() ? "A number in the request body" : path) + " is out of range";
        } else if (e instanceof MismatchedInputException) {
            message = path.isEmpty() ? "Request body must be a JSON object" : path + " has the wrong type";
        }
        return envelope(ErrorCode.VALIDATION, message, null, http).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerResponse http) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // The JSON reader wraps some parse failures (a number out of range) in a bare 400.
            return badJson(json, http);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        String message;
        if (e instanceof NotFoundException) {
            message = "No such resource";
        } else if (e instanceof NotAllowedException) {
            message = "Method not allowed on this resource";
        } else if (e instanceof NotSupportedException) {
            message = "Content-Type must be application/json";
        } else if (e instanceof NotAcceptableException) {
            message = "Only application/json responses are available";
        } else {
            message = code == ErrorCode.INTERNAL ? "Internal error" : "Request failed";
        }
        Response.ResponseBuilder builder = envelope(code, message, null, http);
        if (e instanceof NotAllowedException) {
            String allow = e.getResponse().getHeaderString("Allow");
            if (allow != null) {
                builder.header("Allow", allow);
            }
        }
        return builder.build();
    }

    /**
     * A chunked body that grew past the limit while the REST layer read it: it has already answered 413 (with our
     * X-Request-Id, an empty body and Connection: close). A client's mistake, not ours: nothing to log, nothing to add.
     */
    @ServerExceptionMapper
    public Response tooLarge(IOException e, HttpServerResponse http) {
        if (http.ended() || http.headWritten()) {
            LOG.debugf("Body over the limit: %s", e.getMessage());
            return null;
        }
        return unexpected(e, http);
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e, HttpServerResponse http) {
        if (PgErrors.isOutage(e)) {
            // A dependency outage, not a bug: one line, no stack trace, and a hint when to come back.
            LOG.warnf("Database unavailable: %s", e.toString());
            return envelope(ErrorCode.UNAVAILABLE, "The database is unavailable; retry shortly", null, http)
                    .header("Retry-After", OUTAGE_RETRY_AFTER_SECONDS)
                    .build();
        }
        if (PgErrors.isRefusedData(e)) {
            // A parameter the database cannot take (e.g. bytes its encoding cannot hold): the request's fault.
            return envelope(ErrorCode.VALIDATION, "A parameter has a value that cannot be used", null, http)
                    .build();
        }
        LOG.error("Unhandled error", e);
        return envelope(ErrorCode.INTERNAL, "Internal error", null, http).build();
    }

    /** A response in the error envelope, with the request's id. */
    public static Response.ResponseBuilder envelope(
            ErrorCode code, String message, String suggestion, HttpServerResponse http) {
        return Response.status(code.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(code, message, RequestIds.of(http), suggestion));
    }
}
