package com.layers.telemetry.ingest;

import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventRecordCodec;
import com.layers.telemetry.messaging.KafkaConfig;
import com.layers.telemetry.messaging.KafkaSender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/** Publishes accepted events and completes only once Kafka acknowledged every one; else 503 with Retry-After. */
@ApplicationScoped
class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(5);

    private final EventRecordCodec codec;
    private final KafkaSender sender;
    private final KafkaConfig config;

    EventPublisher(EventRecordCodec codec, KafkaSender sender, KafkaConfig config) {
        this.codec = codec;
        this.sender = sender;
        this.config = config;
    }

    Uni<Void> publish(String projectId, String sdkAppId, Instant receivedAt, List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (Event e : events) {
            records.add(codec.encode(projectId, sdkAppId, receivedAt, e));
        }
        return sender.sendAll(records, config.publishTimeout()).onFailure().transform(cause -> {
            LOG.warnf("Kafka did not acknowledge a batch: %s", cause.toString());
            return ApiException.unavailable(
                    "Event storage is temporarily unavailable; the batch was not accepted",
                    "Retry the same batch: event ids make the retry safe",
                    UNAVAILABLE_RETRY);
        });
    }
}
