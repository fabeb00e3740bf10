package com.layers.telemetry.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives POST /v1/events on a running service with realistic traffic (100-event batches of ~600-byte events, many
 * users and SDK apps) at a fixed rate (open loop: latency counts from each batch's scheduled send time, so a stall
 * is not hidden by coordinated omission) or at maximum (closed loop, N in flight). Then waits for storage and reports
 * events/s accepted, batch latency percentiles, events/s stored and the accepted→stored lag, read from the rows.
 *
 * <p>Run through {@code bash deploy/bench/ingest.sh --rate 10000 --duration 30}; {@code --rate 0} means maximum.
 */
public final class IngestBench {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final String[] NAMES = {"screen_view", "app_open", "paywall_open", "Purchase", "level_complete", "tap"};

    private final Options o;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private long acceptedEvents;
    private long bytesSent;
    private String token;
    private String projectId;

    private IngestBench(Options o) {
        this.o = o;
    }

    record Options(String baseUrl, Path adminKeyFile, String jdbcUrl, int rate, int durationSeconds, int warmupSeconds,
            int apps, int users, int concurrency) {
        static Options parse(String[] args) {
            String base = "http://127.0.0.1:8080";
            Path key = Path.of(".local/admin-key.txt");
            String jdbc = "jdbc:postgresql://127.0.0.1:5432/telemetry?user=postgres";
            int rate = 10_000;
            int duration = 30;
            int warmup = 20;
            int apps = 50;
            int users = 100_000;
            int concurrency = 32;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--base-url" -> { base = v; i++; }
                    case "--admin-key-file" -> { key = Path.of(v); i++; }
                    case "--jdbc" -> { jdbc = v; i++; }
                    case "--rate" -> { rate = Integer.parseInt(v); i++; }
                    case "--duration" -> { duration = Integer.parseInt(v); i++; }
                    case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                    case "--apps" -> { apps = Integer.parseInt(v); i++; }
                    case "--users" -> { users = Integer.parseInt(v); i++; }
                    case "--concurrency" -> { concurrency = Integer.parseInt(v); i++; }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(base, key, jdbc, rate, duration, warmup, apps, users, concurrency);
        }
    }

    public static void main(String[] args) throws Exception {
        new IngestBench(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        setUp();
        awaitQuiet();
        Vertx vertx = Vertx.vertx();
        URI base = URI.create(o.baseUrl());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true).setMaxPoolSize(Math.max(64, o.concurrency() * 2)));
        System.out.printf("warming up for %d s...%n", o.warmupSeconds());
        phase(vertx, client, o.warmupSeconds());
        Instant measuredFrom = Instant.now();
        String mode = o.rate() > 0 ? o.rate() + " events/s offered" : "maximum, " + o.concurrency() + " batches in flight";
        System.out.printf("measuring for %d s (%s)...%n", o.durationSeconds(), mode);
        LoadDriver.Result result = phase(vertx, client, o.durationSeconds());
        vertx.close();
        report(mode, result, measuredFrom);
    }

    private LoadDriver.Result phase(Vertx vertx, HttpClient client, int seconds) throws InterruptedException {
        acceptedEvents = 0;
        bytesSent = 0;
        return LoadDriver.run(vertx, seconds, o.rate() / 100.0, o.concurrency(), () -> send(client));
    }

    private Future<Boolean> send(HttpClient client) {
        String app = "app_bench_" + ThreadLocalRandom.current().nextInt(o.apps());
        Buffer body = Buffer.buffer(batch(app));
        bytesSent += body.length();
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/events")
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
        return client.request(req).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> {
            if (resp.statusCode() != 202) {
                return false;
            }
            Matcher m = ACCEPTED.matcher(b.toString());
            if (m.find()) {
                acceptedEvents += Long.parseLong(m.group(1));
            }
            return true;
        }));
    }

    /** 100 realistic events (~600 bytes each), unique ids, spread over many users. */
    private String batch(String app) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("{\"projectId\":\"").append(projectId).append("\",\"sdkAppId\":\"").append(app).append("\",\"events\":[");
        String now = Instant.now().toString();
        for (int i = 0; i < 100; i++) {
            int user = rnd.nextInt(o.users());
            String name = NAMES[rnd.nextInt(NAMES.length)];
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":\"").append(name).append("\",\"occurredAt\":\"").append(now)
                    .append("\",\"appUserId\":\"user_").append(user).append("\",\"eventId\":\"b").append(run).append('-')
                    .append(sequence.incrementAndGet()).append("\",\"properties\":{\"screen\":\"paywall_v3\",\"plan\":\"pro_yearly\",")
                    .append("\"ab_bucket\":\"").append((char) ('A' + rnd.nextInt(4))).append("\",\"session_id\":\"s-")
                    .append(Long.toHexString(rnd.nextLong())).append("\",\"campaign_id\":\"camp_").append(rnd.nextInt(40))
                    .append("\",\"paywall_id\":\"pw_main\"");
            if ("Purchase".equals(name)) {
                sb.append(",\"revenue\":9.99,\"currency\":\"USD\",\"product_id\":\"com.app.pro_monthly\",\"quantity\":1");
            }
            sb.append(",\"$set\":{\"plan\":\"pro\",\"last_screen\":\"paywall_v3\"}},\"context\":{\"ip\":\"203.0.113.")
                    .append(rnd.nextInt(255)).append("\",\"userAgent\":\"MyApp/4.2.1 (iPhone; iOS 17.4; Scale/3.00)\",")
                    .append("\"locale\":\"en-US\",\"timezone\":\"Europe/Berlin\",\"app\":{\"version\":\"4.2.1\"},")
                    .append("\"device\":{\"id\":\"dev-").append(user).append("\",\"os\":\"iOS\",\"osVersion\":\"17.4\",")
                    .append("\"model\":\"iPhone15,2\"},\"attStatus\":\"authorized\",")
                    .append("\"consent\":{\"analytics\":true,\"marketing\":true,\"personalization\":false}}}");
        }
        return sb.append("]}").toString();
    }

    private void setUp() throws Exception {
        String admin = Files.readString(o.adminKeyFile()).trim();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        projectId = "prj_bench_" + run;
        post(http, admin, "/v1/admin/projects", "{\"id\":\"" + projectId + "\",\"name\":\"Benchmark " + run + "\"}");
        for (int i = 0; i < o.apps(); i++) {
            post(http, admin, "/v1/admin/projects/" + projectId + "/sdk-apps",
                    "{\"id\":\"app_bench_" + i + "\",\"name\":\"Bench " + i + "\",\"platform\":\"ios\"}");
        }
        String key = post(http, admin, "/v1/admin/keys",
                "{\"scopes\":[\"events:write\"],\"projects\":[\"" + projectId + "\"],\"expiresInDays\":1}");
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(key);
        if (!m.find()) {
            throw new IllegalStateException("no token in " + key);
        }
        token = m.group(1);
        System.out.printf("project %s, %d SDK apps, %d users; sample batch %d bytes (%d per event)%n", projectId,
                o.apps(), o.users(), batch("app_bench_0").length(), batch("app_bench_0").length() / 100);
    }

    private String post(java.net.http.HttpClient http, String token, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(o.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A backlog left by an earlier run would be measured as this run's lag: wait until storage is idle. */
    private void awaitQuiet() throws Exception {
        System.out.println("waiting until earlier load is stored...");
        try (Connection c = DriverManager.getConnection(o.jdbcUrl()); java.sql.Statement st = c.createStatement()) {
            for (int i = 0; i < 120; i++) {
                try (ResultSet rs = st.executeQuery("SELECT max(stored_at) IS NULL OR max(stored_at) < now() - interval '2 seconds' "
                        + "FROM sdk_events WHERE received_at > now() - interval '10 minutes'")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    private void report(String mode, LoadDriver.Result result, Instant measuredFrom) throws Exception {
        double seconds = result.seconds;
        System.out.println("waiting for storage to catch up...");
        long stored = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (Connection c = DriverManager.getConnection(o.jdbcUrl())) {
            long previous = -1;
            // Wait until two reads a second apart agree: the consumer has drained what was accepted.
            while (System.nanoTime() < deadline && stored != previous) {
                previous = stored;
                TimeUnit.SECONDS.sleep(1);
                stored = count(c, "SELECT count(*) FROM sdk_events WHERE project_id = ?");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*) AS n,
                           EXTRACT(EPOCH FROM max(stored_at) - min(received_at)) AS span,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p50,
                           percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p99,
                           percentile_cont(0.999) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p999,
                           max(EXTRACT(EPOCH FROM stored_at - received_at)) AS worst
                      FROM sdk_events WHERE project_id = ? AND received_at >= ?""")) {
                ps.setString(1, projectId);
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(measuredFrom, java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong("n");
                    double span = rs.getDouble("span");
                    String out = String.format(Locale.ROOT, """

                            == ingest benchmark (%s, %.0f s measured) ==
                            batches         %d ok, %d failed (non-202 or transport errors)
                            accepted        %.0f events/s (%d events; %.1f MB/s of request bodies)
                            batch latency   p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms
                            stored          %.0f events/s (%d events of the measured window; %d of all this run's)
                            accepted→stored p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms
                            lost            %d
                            """, mode, seconds, result.ok, result.failed, acceptedEvents / seconds, acceptedEvents,
                            bytesSent / seconds / 1e6, result.ms(50), result.ms(99), result.ms(99.9),
                            result.latency.getMaxValue() / 1e6, span > 0 ? n / span : 0, n, stored,
                            rs.getDouble("p50") * 1000, rs.getDouble("p99") * 1000, rs.getDouble("p999") * 1000,
                            rs.getDouble("worst") * 1000, Math.max(0, acceptedEvents - n));
                    System.out.println(out);
                    Path dir = Files.createDirectories(Path.of("target/bench"));
                    Files.writeString(dir.resolve("ingest-" + run + ".txt"), out);
                }
            }
        }
    }

    private long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
