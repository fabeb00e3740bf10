package com.layers.telemetry.attribution;

/** What one POST to AdServices came back with: an answer, or none (connection refused, timeout). */
sealed interface ExchangeAnswer {
    long durationMs();

    record Answered(int status, String body, long durationMs) implements ExchangeAnswer {}

    /** @param error why there was no answer */
    record Unanswered(String error, long durationMs) implements ExchangeAnswer {}
}
