package com.layers.telemetry.common;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Renders a Jackson reference path as {@code events[0].occurredAt}, the form error messages use. */
public final class JsonPaths {
    private JsonPaths() {}

    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
