package com.layers.telemetry.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error envelope: {@code {"error": {"code", "message", "requestId", "suggestion"?}}}. */
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, String requestId, String suggestion) {}

    public static ErrorBody of(ErrorCode code, String message, String requestId, String suggestion) {
        return new ErrorBody(new Detail(code.name(), message, requestId, suggestion));
    }
}
