package com.layers.telemetry.pipeline;

import com.layers.telemetry.ingest.ValidatedEvent;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A validated event read from Kafka, with where it came from (for the DLQ if storage refuses it). */
public record IncomingEvent(String projectId, String sdkAppId, Instant receivedAt, String source, ValidatedEvent event,
        ConsumerRecord<String, byte[]> record) {

    /** Dedup key order: the order every batch inserts in, so concurrent batches never deadlock on event_keys. */
    public String sortKey() {
        return projectId + '\u0000' + sdkAppId + '\u0000' + event.eventId();
    }
}
