package com.layers.telemetry.pipeline;

import com.layers.telemetry.messaging.KafkaConfig;
import com.layers.telemetry.messaging.KafkaSender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Records the pipeline cannot store go to {@code sdk-events-dlq} unchanged (key, value, original headers), with
 * headers saying why: {@code dlq-reason} (a stable code), {@code dlq-error} (the message), and where the record was.
 *
 * <p>No record may stop the partition. One the DLQ cannot take whole (over {@code telemetry.kafka.dead-letter-max-bytes},
 * or refused by Kafka with an error that retrying cannot cure, such as {@code RecordTooLargeException}) is kept whole
 * in PostgreSQL ({@code dead_letter_records}) and dead-lettered as a truncated copy marked {@code dlq-truncated}.
 * Transient failures (broker away, timeouts) are retried by the caller.
 */
@ApplicationScoped
class DeadLetters {
    public static final String REASON = "dlq-reason";
    public static final String ERROR = "dlq-error";
    public static final String TRUNCATED = "dlq-truncated";
    /** What a truncated copy keeps of the value: enough to see what the record was. */
    static final int TRUNCATED_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaSender sender;
    private final KafkaConfig config;
    private final DeadLetterRepository parked;

    DeadLetters(KafkaSender sender, KafkaConfig config, DeadLetterRepository parked) {
        this.sender = sender;
        this.config = config;
        this.parked = parked;
    }

    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason, String error) {}

    Uni<Void> publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String failedAt = Instant.now().toString();
        List<DeadLetter> tooLarge = letters.stream()
                .filter(d -> size(d.record()) > config.deadLetterMaxBytes())
                .toList();
        List<ProducerRecord<String, byte[]>> out = letters.stream()
                .map(d -> letter(d, failedAt, tooLarge.contains(d)))
                .toList();
        return parked.park(tooLarge)
                .chain(() -> send(out))
                .onFailure(DeadLetters::permanent)
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "The DLQ refused a batch of %d dead letters (%s); keeping them in dead_letter_records and "
                                    + "dead-lettering truncated copies",
                            letters.size(), e.toString());
                    return parked.park(letters)
                            .chain(() -> send(letters.stream()
                                    .map(d -> letter(d, failedAt, true))
                                    .toList()))
                            .onFailure(DeadLetters::permanent)
                            .invoke(again -> LOG.warnf(
                                    "The DLQ refused even truncated copies (%s); the records are in dead_letter_records only",
                                    again.toString()))
                            .onFailure(DeadLetters::permanent)
                            .recoverWithNull()
                            .replaceWithVoid();
                });
    }

    private Uni<Void> send(List<ProducerRecord<String, byte[]>> out) {
        return sender.sendAll(out, config.publishTimeout().plus(Duration.ofSeconds(1)));
    }

    /** Kafka refused it for good: the same send can never succeed. */
    static boolean permanent(Throwable e) {
        return e instanceof ApiException && !(e instanceof RetriableException);
    }

    private ProducerRecord<String, byte[]> letter(DeadLetter d, String failedAt, boolean truncated) {
        ConsumerRecord<String, byte[]> r = d.record();
        byte[] value = r.value();
        if (truncated && value != null) {
            value = Arrays.copyOf(value, Math.min(value.length, TRUNCATED_BYTES));
        }
        ProducerRecord<String, byte[]> p = new ProducerRecord<>(config.deadLetterTopic(), r.key(), value);
        for (Header h : r.headers()) {
            p.headers().add(h);
        }
        p.headers()
                .add(REASON, utf8(d.reason()))
                .add(ERROR, utf8(d.error()))
                .add("dlq-topic", utf8(r.topic()))
                .add("dlq-partition", utf8(String.valueOf(r.partition())))
                .add("dlq-offset", utf8(String.valueOf(r.offset())))
                .add("dlq-failed-at", utf8(failedAt));
        if (truncated) {
            p.headers()
                    .add(TRUNCATED, utf8("true"))
                    .add("dlq-original-bytes", utf8(String.valueOf(r.value() == null ? 0 : r.value().length)))
                    .add("dlq-kept-in", utf8("postgresql:dead_letter_records"));
        }
        return p;
    }

    /** The record's bytes as the DLQ would carry them, headers included (an upper bound on what matters). */
    private static long size(ConsumerRecord<String, byte[]> r) {
        long size = (r.value() == null ? 0 : r.value().length)
                + (r.key() == null ? 0 : r.key().length() * 3L)
                + 512;
        for (Header h : r.headers()) {
            size += h.key().length() * 3L + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
