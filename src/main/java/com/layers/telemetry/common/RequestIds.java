package com.layers.telemetry.common;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: the caller's {@code X-Request-Id} when it is sane, else a fresh {@code req_…}. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static String assign(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches()
                ? given
                : "req_" + UUID.randomUUID().toString().replace("-", "");
        request.response().putHeader(HEADER, id);
        return id;
    }

    public static String of(HttpServerResponse response) {
        String id = response.headers().get(HEADER);
        return id != null ? id : "req_unknown";
    }
}
