package com.layers.telemetry.common;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path and query parameters that no stored value can equal: a NUL ({@code %00}: PostgreSQL text cannot hold it and
 * would refuse the query) or an unpaired surrogate. Refused with 400 before any resource runs.
 */
public class RequestTextFilter {

    @ServerRequestFilter
    public void refuseUnstorableText(UriInfo uri) {
        check(uri.getPathParameters(), "path parameter ");
        check(uri.getQueryParameters(), "query parameter ");
    }

    private static void check(MultivaluedMap<String, String> params, String kind) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String value : p.getValue()) {
                String problem = value == null ? null : StorableText.problem(value);
                if (problem != null) {
                    throw ApiException.validation(kind + p.getKey() + problem);
                }
            }
        }
    }
}
