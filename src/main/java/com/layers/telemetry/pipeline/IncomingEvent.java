package com.layers.telemetry.pipeline;

import com.layers.telemetry.event.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoded event with the record it came from (for the DLQ, if storage refuses it). */
record IncomingEvent(ReceivedEvent event, ConsumerRecord<String, byte[]> record) {}
