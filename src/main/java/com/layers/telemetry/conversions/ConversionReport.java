package com.layers.telemetry.conversions;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET …/conversions}: one row per UTC day, event name and currency. */
@RegisterForReflection
public record ConversionReport(String since, String until, List<Row> data) {
    /** {@code currency} is {@code XXX} (ISO 4217 "no currency") for revenue sent without one. */
    @RegisterForReflection
    public record Row(
            String day,
            String eventName,
            @Schema(nullable = true) String currency,
            long count,
            BigDecimal revenue) {}
}
