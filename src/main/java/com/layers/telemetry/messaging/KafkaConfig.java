package com.layers.telemetry.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "telemetry.kafka")
public interface KafkaConfig {
    /** The topic events travel on, from HTTP ingest and from direct producers. */
    @WithDefault("sdk-events")
    String eventsTopic();

    /** Where records that fail validation go, with headers saying why. */
    @WithDefault("sdk-events-dlq")
    String deadLetterTopic();

    /** How long a publish may wait for Kafka's acknowledgement before ingest answers 503. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Producer linger: a little batching for throughput, bounded for latency. */
    @WithDefault("2")
    int lingerMs();

    /**
     * Producer compression. Off by default: on this class of machine the CPU is scarcer than the network, and
     * lz4-java's pure-Java fallback took an eighth of the service's CPU in profiles. Set lz4 or zstd across slow links.
     */
    @WithDefault("none")
    String compression();

    /**
     * The largest record the DLQ is sent whole: a bigger one (with the DLQ's headers it could exceed the producer's
     * 1 MB {@code max.request.size}) is kept whole in PostgreSQL ({@code dead_letter_records}) and dead-lettered as
     * a truncated copy.
     */
    @WithDefault("900000")
    int deadLetterMaxBytes();
}
