package com.layers.telemetry.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A poll batch after decoding: the events to store and the records that go to the DLQ instead. */
record DecodedBatch(List<IncomingEvent> events, List<DeadLetters.DeadLetter> deadLetters, int lane) {

    /** The same batch without {@code refused}, which become dead letters. */
    DecodedBatch without(List<IncomingEvent> refused, String reason, Function<IncomingEvent, String> why) {
        if (refused.isEmpty()) {
            return this;
        }
        // By identity: a record's equality would compare whole JSON trees, for every pair.
        Set<IncomingEvent> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        dropped.addAll(refused);
        List<IncomingEvent> kept = new ArrayList<>(events.size());
        for (IncomingEvent e : events) {
            if (!dropped.contains(e)) {
                kept.add(e);
            }
        }
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
