package com.layers.telemetry.attribution;

/**
 * What one POST to AdServices came back with.
 *
 * @param status the HTTP status, or null when there was no answer (connection refused, timeout)
 * @param body the answer's body (null without an answer)
 * @param error why there was no answer
 */
record ExchangeAnswer(Integer status, String body, String error, long durationMs) {}
