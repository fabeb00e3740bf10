package com.layers.telemetry.relay.platform;

import java.util.List;
import java.util.Map;

/**
 * An ad platform the relay delivers to. Implement it in a folder of its own under {@code relay/} (as {@code relay/meta}
 * and {@code relay/tiktok} do) as an {@code @ApplicationScoped} bean: the relay finds every adapter at start, and the
 * admin API, the outbox, the worker, the deliveries listing and the OpenAPI document take it from there.
 */
public interface PlatformAdapter {
    /** The destination's name in paths and rows ({@code …/destinations/{id}}): lower case, stable. */
    String id();

    /** How people write the platform's name, for messages and the document. */
    String displayName();

    /** The field of the destination body that names where events go (a pixel, an event source), required. */
    Field target();

    /** Other fields of the destination body this platform takes, each optional. */
    List<Field> optionalFields();

    /** Our event names and the platform's, for the names sent when a destination maps nothing itself. */
    Map<String, String> defaultEventNames();

    /** The request that carries {@code events} (at most {@code relay.batch-size}) to {@code destination}. */
    PlatformRequest request(PlatformDestination destination, List<OutgoingEvent> events);

    /** What the platform's answer means: sent, to retry, or failed for good. */
    SendResult read(int httpStatus, String body);

    /** A destination field: its JSON name and what it is (the document shows it). */
    record Field(String name, String description) {}
}
