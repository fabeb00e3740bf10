package com.layers.telemetry.auth;

import com.layers.telemetry.common.ErrorCode;
import com.layers.telemetry.common.ErrorMappers;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 in the error envelope, saying which kind of failure it is, never quoting the key. */
public class AuthFailureMappers {

    @ServerExceptionMapper({
        AuthenticationFailedException.class,
        UnauthorizedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthenticated(Exception e, HttpServerRequest request, HttpServerResponse http) {
        return ErrorMappers.envelope(
                        ErrorCode.UNAUTHENTICATED, reason(e, request.getHeader(HttpHeaders.AUTHORIZATION)), null, http)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, HttpServerResponse http) {
        return ErrorMappers.envelope(
                        ErrorCode.FORBIDDEN_SCOPE,
                        "The API key lacks the scope this operation needs: " + needed(resource),
                        null,
                        http)
                .build();
    }

    static String reason(Throwable failure, String authorization) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeyRejected rejected) {
                return rejected.getMessage();
            }
        }
        if (authorization == null || authorization.isBlank()) {
            return "No API key: send it as Authorization: Bearer <key>";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "The Authorization header must be Bearer <key>";
        }
        return KeyRejected.MALFORMED;
    }

    /** The scope (or the scopes, any of which would do) the operation's {@link RolesAllowed} names. */
    private static String needed(ResourceInfo resource) {
        RolesAllowed allowed = resource.getResourceMethod() != null
                ? resource.getResourceMethod().getAnnotation(RolesAllowed.class)
                : null;
        if (allowed == null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return "see the operation's description";
        }
        return allowed.value().length == 1
                ? allowed.value()[0]
                : "one of " + Arrays.stream(allowed.value()).sorted().collect(Collectors.joining(", "));
    }
}
