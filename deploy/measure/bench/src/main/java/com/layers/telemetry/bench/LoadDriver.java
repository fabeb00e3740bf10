package com.layers.telemetry.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives requests on one event loop, either at a fixed rate (open loop: each latency counts from the request's
 * scheduled time, so a stall cannot hide behind coordinated omission) or as fast as {@code concurrency} requests in
 * flight allow (closed loop).
 */
final class LoadDriver {
    private LoadDriver() {}

    static final class Result {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long ok;
        long failed;
        double seconds;

        double ms(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** @param request sends one request; its future says whether the answer was the expected one */
    static Result run(Vertx vertx, int seconds, double perSecond, int concurrency, Supplier<Future<Boolean>> request)
            throws InterruptedException {
        Result result = new Result();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong inFlight = new AtomicLong();
        vertx.runOnContext(v -> {
            if (perSecond > 0) {
                long interval = (long) (1e9 / perSecond);
                long[] sent = {0};
                vertx.setPeriodic(1, id -> {
                    long now = System.nanoTime();
                    if (now >= end) {
                        vertx.cancelTimer(id);
                        awaitInFlight(vertx, inFlight, done);
                        return;
                    }
                    while (start + sent[0] * interval <= now) {
                        fire(request, start + sent[0]++ * interval, inFlight, result, null);
                    }
                });
            } else {
                for (int i = 0; i < concurrency; i++) {
                    loop(vertx, request, end, inFlight, result, done);
                }
            }
        });
        done.await();
        result.seconds = (System.nanoTime() - start) / 1e9;
        return result;
    }

    private static void loop(
            Vertx vertx,
            Supplier<Future<Boolean>> request,
            long end,
            AtomicLong inFlight,
            Result result,
            CountDownLatch done) {
        if (System.nanoTime() >= end) {
            awaitInFlight(vertx, inFlight, done);
            return;
        }
        fire(request, System.nanoTime(), inFlight, result, () -> loop(vertx, request, end, inFlight, result, done));
    }

    private static void fire(
            Supplier<Future<Boolean>> request, long intended, AtomicLong inFlight, Result result, Runnable next) {
        inFlight.incrementAndGet();
        request.get().recover(e -> Future.succeededFuture(false)).onComplete(r -> {
            result.latency.recordValue(
                    Math.min(System.nanoTime() - intended, result.latency.getHighestTrackableValue()));
            if (Boolean.TRUE.equals(r.result())) {
                result.ok++;
            } else {
                result.failed++;
            }
            inFlight.decrementAndGet();
            if (next != null) {
                next.run();
            }
        });
    }

    private static void awaitInFlight(Vertx vertx, AtomicLong inFlight, CountDownLatch done) {
        vertx.setPeriodic(5, id -> {
            if (inFlight.get() == 0) {
                vertx.cancelTimer(id);
                done.countDown();
            }
        });
    }
}
