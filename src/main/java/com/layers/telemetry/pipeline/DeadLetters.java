package com.layers.telemetry.pipeline;

import io.smallrye.mutiny.Uni;
import com.layers.telemetry.messaging.KafkaConfig;
import com.layers.telemetry.messaging.KafkaSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Records the pipeline cannot store go to {@code sdk-events-dlq} unchanged (key, value, original headers), with
 * headers saying why: {@code dlq-reason} (a stable code), {@code dlq-error} (the message), and where the record was.
 */
@ApplicationScoped
class DeadLetters {
    public static final String REASON = "dlq-reason";
    public static final String ERROR = "dlq-error";

    private final KafkaSender sender;
    private final KafkaConfig config;

    DeadLetters(KafkaSender sender, KafkaConfig config) {
        this.sender = sender;
        this.config = config;
    }

    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason, String error) {
    }

    Uni<Void> publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(letters.size());
        String failedAt = Instant.now().toString();
        for (DeadLetter d : letters) {
            ConsumerRecord<String, byte[]> r = d.record();
            ProducerRecord<String, byte[]> p = new ProducerRecord<>(config.deadLetterTopic(), r.key(), r.value());
            for (Header h : r.headers()) {
                p.headers().add(h);
            }
            p.headers().add(REASON, utf8(d.reason()))
                    .add(ERROR, utf8(d.error()))
                    .add("dlq-topic", utf8(r.topic()))
                    .add("dlq-partition", utf8(String.valueOf(r.partition())))
                    .add("dlq-offset", utf8(String.valueOf(r.offset())))
                    .add("dlq-failed-at", utf8(failedAt));
            out.add(p);
        }
        return sender.sendAll(out, config.publishTimeout().plus(Duration.ofSeconds(1)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
