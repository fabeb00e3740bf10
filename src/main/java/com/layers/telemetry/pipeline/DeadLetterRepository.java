package com.layers.telemetry.pipeline;

import com.layers.telemetry.common.StorableText;
import com.layers.telemetry.common.UnnestColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Keeps whole the dead letters the DLQ cannot take ({@code dead_letter_records}), once per record. */
@ApplicationScoped
class DeadLetterRepository {
    private static final String PARK = """
            INSERT INTO dead_letter_records (topic, partition, "offset", record_key, value, headers, reason, error)
            SELECT t.topic, t.partition, t.offset, decode(t.record_key, 'base64'), decode(t.value, 'base64'), t.headers::jsonb,
                   t.reason, t.error
              FROM unnest($1::text[], $2::int[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS t(topic, partition, "offset", record_key, value, headers, reason, error)
            ON CONFLICT DO NOTHING""";

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private final Pool pool;

    DeadLetterRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> park(List<DeadLetters.DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UnnestColumns c = new UnnestColumns(
                letters.size(),
                String.class,
                Integer.class,
                Long.class,
                String.class,
                String.class,
                String.class,
                String.class,
                String.class);
        for (DeadLetters.DeadLetter d : letters) {
            ConsumerRecord<String, byte[]> r = d.record();
            // Keys, header values and messages are whatever a producer sent: bytes (base64) and sanitised text, so
            // nothing here can be refused by PostgreSQL (NUL, invalid UTF-8) and stall the consumer.
            JsonObject headers = new JsonObject();
            for (Header h : r.headers()) {
                headers.put(
                        StorableText.sanitized(h.key()), h.value() == null ? null : BASE64.encodeToString(h.value()));
            }
            c.add(
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    r.key() == null ? null : BASE64.encodeToString(r.key().getBytes(StandardCharsets.UTF_8)),
                    r.value() == null ? null : BASE64.encodeToString(r.value()),
                    headers.encode(),
                    d.reason(),
                    StorableText.sanitized(d.error()));
        }
        return pool.preparedQuery(PARK).execute(c.tuple()).replaceWithVoid();
    }
}
