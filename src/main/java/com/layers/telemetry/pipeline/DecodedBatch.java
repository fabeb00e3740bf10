package com.layers.telemetry.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A poll batch after decoding: the events to store and the records that go to the DLQ instead. */
record DecodedBatch(List<IncomingEvent> events, List<DeadLetters.DeadLetter> deadLetters, int lane) {

    /** The same batch without {@code refused}, which become dead letters. */
    DecodedBatch without(List<IncomingEvent> refused, String reason, java.util.function.Function<IncomingEvent, String> why) {
        if (refused.isEmpty()) {
            return this;
        }
        List<IncomingEvent> kept = new ArrayList<>(events);
        kept.removeAll(refused);
        List<DeadLetters.DeadLetter> dead = new ArrayList<>(deadLetters);
        for (IncomingEvent e : refused) {
            dead.add(new DeadLetters.DeadLetter(e.record(), reason, why.apply(e)));
        }
        return new DecodedBatch(kept, dead, lane);
    }

    static int lane(Iterable<ConsumerRecord<String, byte[]>> records) {
        int lowest = Integer.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> r : records) {
            lowest = Math.min(lowest, r.partition());
        }
        return lowest == Integer.MAX_VALUE ? 0 : lowest;
    }
}
