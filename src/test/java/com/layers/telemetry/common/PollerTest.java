package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The relay and the AdServices exchange poll at the interval they are given, sub-second included, never overlapping. */
@Tag("unit")
class PollerTest {

    @Test
    void aSubSecondIntervalIsHonouredAndRoundsNeverOverlap() {
        Vertx vertx = Vertx.vertx();
        List<long[]> rounds = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Poller poller = Poller.start(vertx, Duration.ofMillis(100), "test", () -> {
            long start = System.nanoTime();
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            // Each round takes 50 ms; the next starts 100 ms after it ended.
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(Duration.ofMillis(50))
                    .invoke(() -> {
                        running.decrementAndGet();
                        rounds.add(new long[] {start, System.nanoTime()});
                    });
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.size() >= 6);
        } finally {
            poller.stop();
            vertx.close();
        }
        assertThat(overlaps).hasValue(0);
        long[] gaps = new long[rounds.size() - 1];
        for (int i = 1; i < rounds.size(); i++) {
            gaps[i - 1] = (rounds.get(i)[0] - rounds.get(i - 1)[1]) / 1_000_000;
        }
        // At least the interval after the previous round ended; well under the second Quarkus's scheduler would take.
        Arrays.sort(gaps);
        assertThat(gaps[0]).isGreaterThanOrEqualTo(95);
        assertThat(gaps[gaps.length / 2]).isLessThan(500);
    }

    @Test
    void aFailedRoundDoesNotStopPolling() {
        Vertx vertx = Vertx.vertx();
        AtomicInteger calls = new AtomicInteger();
        Poller poller = Poller.start(
                vertx,
                Duration.ofMillis(20),
                "test",
                () -> calls.incrementAndGet() % 2 == 1
                        ? Uni.createFrom().failure(new RuntimeException("boom"))
                        : Uni.createFrom().voidItem());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 5);
        } finally {
            poller.stop();
            vertx.close();
        }
    }
}
