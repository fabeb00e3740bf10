package com.layers.telemetry.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Read load on the seeded project {@code prj_readbench} (deploy/measure/bench/seed-reads.sql): the signal of random users or
 * the first page of the user list at a fixed rate, or how long an accepted event takes to show in the signal.
 * The load is spread over several API keys, as many partners would, each with its own read budget.
 */
public final class ReadBench {
    private static final String PROJECT = "prj_readbench";
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    record Options(
            String baseUrl,
            Path adminKeyFile,
            String target,
            int rate,
            int durationSeconds,
            int warmupSeconds,
            int keys,
            int users,
            int samples) {
        static Options parse(String[] args) {
            String base = "http://127.0.0.1:8080";
            Path key = Path.of(".local/admin-key.txt");
            String target = "signal";
            int rate = 2000;
            int duration = 30;
            int warmup = 20;
            int keys = 20;
            int users = 100_000;
            int samples = 200;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--base-url" -> {
                        base = v;
                        i++;
                    }
                    case "--admin-key-file" -> {
                        key = Path.of(v);
                        i++;
                    }
                    case "--target" -> {
                        target = v;
                        i++;
                    }
                    case "--rate" -> {
                        rate = Integer.parseInt(v);
                        i++;
                    }
                    case "--duration" -> {
                        duration = Integer.parseInt(v);
                        i++;
                    }
                    case "--warmup" -> {
                        warmup = Integer.parseInt(v);
                        i++;
                    }
                    case "--keys" -> {
                        keys = Integer.parseInt(v);
                        i++;
                    }
                    case "--users" -> {
                        users = Integer.parseInt(v);
                        i++;
                    }
                    case "--samples" -> {
                        samples = Integer.parseInt(v);
                        i++;
                    }
                    case "--jdbc", "--kafka" -> i++; // passed to every tool by run.sh; reads need neither
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(base, key, target, rate, duration, warmup, keys, users, samples);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String admin = Files.readString(o.adminKeyFile()).trim();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < o.keys(); i++) {
            tokens.add(mint(http, o, admin));
        }
        String report = "visibility".equals(o.target()) ? visibility(http, o, tokens.get(0)) : load(o, tokens);
        System.out.println(report);
        Path dir = Files.createDirectories(Path.of("target/bench"));
        Files.writeString(dir.resolve("reads-" + o.target() + "-" + System.currentTimeMillis() + ".txt"), report);
        System.exit(0);
    }

    private static String load(Options o, List<String> tokens) throws Exception {
        Vertx vertx = Vertx.vertx();
        URI base = URI.create(o.baseUrl());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(true)
                .setMaxPoolSize(128));
        Supplier<Future<Boolean>> request = () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            String path = "users".equals(o.target())
                    ? "/v1/projects/" + PROJECT + "/users?limit=50"
                    : "/v1/projects/" + PROJECT + "/users/user_" + rnd.nextInt(o.users()) + "/signal";
            RequestOptions req = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setURI(path)
                    .putHeader("Authorization", "Bearer " + tokens.get(rnd.nextInt(tokens.size())));
            return client.request(req)
                    .compose(r -> r.send())
                    .compose(resp -> resp.body().map(b -> resp.statusCode() == 200));
        };
        System.out.printf("warming up for %d s...%n", o.warmupSeconds());
        LoadDriver.run(vertx, o.warmupSeconds(), o.rate(), 0, request);
        System.out.printf("measuring %s for %d s at %d requests/s...%n", o.target(), o.durationSeconds(), o.rate());
        LoadDriver.Result r = LoadDriver.run(vertx, o.durationSeconds(), o.rate(), 0, request);
        vertx.close();
        return String.format(
                Locale.ROOT,
                """

                == read benchmark: %s, %d requests/s offered, %.0f s measured, %d keys ==
                requests        %d ok, %d not 200
                throughput      %.0f requests/s
                latency         p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms
                """,
                o.target(),
                o.rate(),
                r.seconds,
                o.keys(),
                r.ok,
                r.failed,
                (r.ok + r.failed) / r.seconds,
                r.ms(50),
                r.ms(99),
                r.ms(99.9),
                r.latency.getMaxValue() / 1e6);
    }

    /** For each sample: POST one event (newest for its user), then poll the signal until lastSeen shows it. */
    private static String visibility(java.net.http.HttpClient http, Options o, String token) throws Exception {
        String writer = mintWriter(http, o);
        Histogram lag = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long slowest = 0;
        for (int i = 0; i < o.samples(); i++) {
            String user = "user_" + ThreadLocalRandom.current().nextInt(o.users());
            String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            String body = "{\"projectId\":\"" + PROJECT + "\",\"sdkAppId\":\"app_rb\",\"events\":[{\"name\":\"probe\","
                    + "\"occurredAt\":\"" + at + "\",\"appUserId\":\"" + user + "\",\"eventId\":\"probe-"
                    + System.nanoTime() + "\"}]}";
            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(o.baseUrl() + "/v1/events"))
                            .header("Authorization", "Bearer " + writer)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long accepted = System.nanoTime();
            if (posted.statusCode() != 202) {
                throw new IllegalStateException("ingest answered " + posted.statusCode() + " " + posted.body());
            }
            HttpRequest read = HttpRequest.newBuilder(
                            URI.create(o.baseUrl() + "/v1/projects/" + PROJECT + "/users/" + user + "/signal"))
                    .header("Authorization", "Bearer " + token)
                    .build();
            while (true) {
                String signal =
                        http.send(read, HttpResponse.BodyHandlers.ofString()).body();
                if (signal.contains("\"lastSeen\":\"" + Instant.parse(at) + "\"")) {
                    break;
                }
                if (System.nanoTime() - accepted > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("event not visible after 30 s: " + signal);
                }
                Thread.sleep(5);
            }
            long took = System.nanoTime() - accepted;
            slowest = Math.max(slowest, took);
            lag.recordValue(took);
        }
        return String.format(
                Locale.ROOT,
                """

                == read benchmark: accepted event visible in the signal, %d samples (polled every 5 ms) ==
                accepted→visible p50 %.0f ms, p99 %.0f ms, max %.0f ms
                """,
                o.samples(),
                lag.getValueAtPercentile(50) / 1e6,
                lag.getValueAtPercentile(99) / 1e6,
                slowest / 1e6);
    }

    private static String mint(java.net.http.HttpClient http, Options o, String admin) throws Exception {
        return token(
                http,
                o,
                admin,
                "{\"scopes\":[\"events:read\"],\"projects\":[\"" + PROJECT + "\"],\"expiresInDays\":1}");
    }

    private static String mintWriter(java.net.http.HttpClient http, Options o) throws Exception {
        String admin = Files.readString(o.adminKeyFile()).trim();
        return token(
                http,
                o,
                admin,
                "{\"scopes\":[\"events:write\"],\"projects\":[\"" + PROJECT + "\"],\"expiresInDays\":1}");
    }

    private static String token(java.net.http.HttpClient http, Options o, String admin, String json) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(o.baseUrl() + "/v1/admin/keys"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("minting a key failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }
}
