package com.layers.telemetry.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the machine spent during a measured window: the service's resident memory (sampled every 250 ms), its GC
 * time (from its own /q/metrics), and the CPU seconds of the service, of every PostgreSQL process and of the Kafka
 * broker (from /proc), so a report says where the two cores went.
 */
final class ServiceProbe {
    private static final long TICKS = 100; // USER_HZ on Linux
    private final String baseUrl;
    private final long servicePid;
    private final long kafkaPid;
    // HTTP/1.1 and short timeouts: a reading the saturated service cannot answer in time is missing, never zero.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private ScheduledExecutorService sampler;
    private volatile long peakRssKb;
    private long rssSum;
    private long rssSamples;
    private double gcStart;
    private double[] cpuStart;
    private long startedAt;

    ServiceProbe(String baseUrl, Path servicePidFile, Path kafkaPidFile) {
        this.baseUrl = baseUrl;
        this.servicePid = pid(servicePidFile);
        this.kafkaPid = pid(kafkaPidFile);
    }

    void start() {
        peakRssKb = 0;
        rssSum = 0;
        rssSamples = 0;
        gcStart = gcSeconds();
        cpuStart = cpu();
        startedAt = System.nanoTime();
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    long rss = rssKb(servicePid);
                    if (rss > 0) {
                        peakRssKb = Math.max(peakRssKb, rss);
                        rssSum += rss;
                        rssSamples++;
                    }
                },
                0,
                250,
                TimeUnit.MILLISECONDS);
    }

    /** The report lines for the window since {@link #start()}, in which the service took in and stored {@code events}. */
    String stop(long events) {
        sampler.shutdownNow();
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        double gc = gcSeconds() - gcStart;
        double[] cpu = cpu();
        return String.format(
                Locale.ROOT,
                """
                service memory  RSS peak %.0f MB, mean %.0f MB
                service GC      %.2f s of pauses and concurrent phases in %.0f s (%.1f%%)
                CPU cores used  service %.2f, PostgreSQL %.2f, Kafka %.2f, this bench %.2f, all %.2f of %d
                CPU per event   service %.1f µs, PostgreSQL %.1f µs, Kafka %.1f µs (CPU seconds over the %d events)
                """,
                peakRssKb / 1024.0,
                rssSamples == 0 ? 0 : rssSum / rssSamples / 1024.0,
                gc,
                seconds,
                100 * gc / seconds,
                (cpu[0] - cpuStart[0]) / seconds,
                (cpu[1] - cpuStart[1]) / seconds,
                (cpu[2] - cpuStart[2]) / seconds,
                (cpu[3] - cpuStart[3]) / seconds,
                (cpu[4] - cpuStart[4]) / seconds,
                Runtime.getRuntime().availableProcessors(),
                perEvent(cpu, 0, events),
                perEvent(cpu, 1, events),
                perEvent(cpu, 2, events),
                events);
    }

    private double perEvent(double[] cpu, int process, long events) {
        return events == 0 ? 0 : (cpu[process] - cpuStart[process]) * 1e6 / events;
    }

    /** Events the service reports stored and counted as duplicates so far (its own counters); NaN if it did not answer. */
    double storedSoFar() {
        return metric("telemetry_events_stored_total") + metric("telemetry_events_duplicates_total");
    }

    /** {@link #storedSoFar()} for the start of a phase, which needs a reading: asked until the service answers. */
    double storedAtStart() throws InterruptedException {
        double stored = storedSoFar();
        for (int i = 0; Double.isNaN(stored); i++) {
            if (i == 30) {
                throw new IllegalStateException("the service's /q/metrics does not answer");
            }
            TimeUnit.SECONDS.sleep(1);
            stored = storedSoFar();
        }
        return stored;
    }

    private double gcSeconds() {
        return metric("jvm_gc_pause_seconds_sum") + metric("jvm_gc_concurrent_phase_time_seconds_sum");
    }

    /** The sum of a metric's series in /q/metrics: 0 when absent, NaN when the service did not answer. */
    private double metric(String name) {
        try {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return metrics.lines()
                    .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** CPU seconds so far: service, all postgres processes, Kafka. */
    private double[] cpu() {
        double postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && "postgres".equals(comm(p))) {
                    postgres += cpuSeconds(Long.parseLong(name));
                }
            }
        } catch (IOException ignored) {
            // /proc unreadable: report zero
        }
        return new double[] {
            cpuSeconds(servicePid),
            postgres,
            cpuSeconds(kafkaPid),
            cpuSeconds(ProcessHandle.current().pid()),
            busySeconds()
        };
    }

    /** CPU seconds the whole machine spent busy (everything but idle and I/O wait), from /proc/stat. */
    private static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / (double) TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // process gone
        }
        return 0;
    }

    private static long pid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
