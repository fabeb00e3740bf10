package com.layers.telemetry.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each API path answers, read from the OpenAPI document the resources generate (one source). The REST
 * layer answers a wrong method with 404 wherever another resource class shares the path's prefix, and its 405 and
 * OPTIONS name the methods of the class, not of the path; {@link HttpErrorRoutes} answers both from here instead.
 */
@ApplicationScoped
public class RouteTable {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    record Route(String template, Pattern pattern, Set<String> methods) {}

    private volatile List<Route> routes = List.of();

    void load(@Observes StartupEvent event, OpenApiDocumentService documents, ObjectMapper mapper) throws IOException {
        routes = parse(mapper.readTree(documents.getDocument("<default>", Format.JSON)));
    }

    static List<Route> parse(JsonNode document) {
        List<Route> out = new ArrayList<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String template = paths.next();
            Set<String> methods = new TreeSet<>();
            document.path("paths").path(template).fieldNames().forEachRemaining(m -> {
                String method = m.toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    methods.add(method);
                }
            });
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
            String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            out.add(new Route(template, Pattern.compile(regex), Set.copyOf(methods)));
        }
        return List.copyOf(out);
    }

    /** The methods the path answers (sorted), or null for a path the API does not have. */
    public Set<String> allowed(String path) {
        Set<String> methods = null;
        for (Route r : routes) {
            if (r.pattern().matcher(path).matches()) {
                if (methods == null) {
                    methods = new TreeSet<>();
                }
                methods.addAll(r.methods());
            }
        }
        return methods;
    }
}
