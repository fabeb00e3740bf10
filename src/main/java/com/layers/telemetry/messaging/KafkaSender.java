package com.layers.telemetry.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One durable producer ({@code acks=all}, idempotent) for the service. {@link #sendAll} completes only when Kafka
 * acknowledged every record, and fails within the configured delivery timeout when it cannot take them: callers
 * answer 503 rather than report an event accepted that may be lost.
 *
 * <p>Why a hand-written producer and not a SmallRye {@code Emitter}: a batch of up to 100 events is answered only
 * once Kafka acknowledged all of them, so the caller needs one {@code Uni} for the whole batch that fails within
 * the producer's own delivery timeout; an emitter acknowledges message by message through its overflow buffer, where
 * an accepted record can wait in memory when the broker is away, and lets the record's key and bytes (sent exactly as
 * received) and the dead-letter headers be set only through metadata. This class is the one place that does it.
 */
@ApplicationScoped
public class KafkaSender {
    private final KafkaProducer<String, byte[]> producer;
    /** send() can block on metadata or a full buffer, so it never runs on an event loop. */
    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kafka-sender");
        t.setDaemon(true);
        return t;
    });

    public KafkaSender(@Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults, KafkaConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaDefaults.get("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        int timeout = (int) config.publishTimeout().toMillis();
        // delivery.timeout must cover linger + request timeout; max.block bounds a send() while metadata is missing.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout - config.lingerMs() - 500));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "telemetry-producer");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every record and completes once all are acknowledged, failing on the first that cannot be. */
    public Uni<Void> sendAll(List<ProducerRecord<String, byte[]>> records, Duration timeout) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        sendThread.execute(() -> {
            for (ProducerRecord<String, byte[]> record : records) {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            firstFailure.compareAndSet(null, error);
                        }
                        if (pending.decrementAndGet() == 0) {
                            Exception failure = firstFailure.get();
                            if (failure == null) {
                                done.complete(null);
                            } else {
                                done.completeExceptionally(failure);
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                    return;
                }
            }
        });
        Uni<Void> sent = Uni.createFrom()
                .completionStage(done)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no acknowledgement within " + timeout));
        return context == null ? sent : sent.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    @PreDestroy
    void close() {
        sendThread.shutdown();
        producer.close(Duration.ofSeconds(5));
    }
}
