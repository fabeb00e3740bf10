package com.layers.telemetry.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest benchmark. Modes:
 * <ul>
 *   <li>{@code http}: drives POST /v1/events (with {@code --path segment}: POST /v1/batch) with 100-event batches at a fixed rate (open loop: latency counts from
 *   each batch's scheduled send time, so a stall is not hidden by coordinated omission) or at maximum (closed loop);
 *   reports accepted events/s, batch latency, the stored rate and the accepted→stored lag read from the rows.</li>
 *   <li>{@code drain}: produces N events straight onto {@code sdk-events} (a partner's direct producer), then
 *   measures how fast storage drains them with nothing else running: the consumer's own throughput.</li>
 *   <li>{@code scale}: {@code drain} on the database as it is, then preloads N stored events, then {@code drain}
 *   again, and compares the two rates.</li>
 * </ul>
 * In {@code http} mode, {@code --erase-events N} also erases a user holding N stored events a third into the measured
 * window, through the privacy API, and reports the load's storage before and during the erasure ({@link ErasureRun}).
 * {@code --cohorts N} defines N cohorts on the load project (every mode pays their cost) and, in {@code http} mode,
 * probes how soon an event shows in the signal's cohorts; {@code --cohort-backfill U} times a new cohort's evaluation
 * over U users during the load ({@link CohortRun}).
 * Every mode checks that nothing was lost or duplicated and that the live profiles counted every event once, samples
 * the service's memory, GC and the CPU of service, PostgreSQL and Kafka, and ends with the bare-insert baseline of
 * the same kind of rows on the same server, printing the stored rate as a ratio of it.
 */
public final class IngestBench {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final Pattern WRITE_KEY = Pattern.compile("\"writeKey\":\"(wk_[^\"]+)\"");

    private final Options o;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final BenchEvents events;
    private final ServiceProbe probe;
    private long acceptedEvents;
    /** Why batches failed (status or transport error), for the report. */
    private final Map<String, Integer> failures = new ConcurrentSkipListMap<>();

    private long bytesSent;
    private String token;
    /** Each app's write key, when {@code --path segment} sends through the Segment tracking API. */
    private final Map<String, String> writeKeys = new HashMap<>();
    /** The erasure run during the load, when {@code --erase-events} asks for one. */
    private ErasureRun erasure;
    /** Cohorts on the load project and their probe, and a backfill, when {@code --cohorts} or {@code --cohort-backfill} ask. */
    private CohortRun cohorts;
    /** Where the measured window starts (the relay is judged on the events received since). */
    private Instant measuredFrom = Instant.EPOCH;

    private IngestBench(Options o) {
        this.o = o;
        this.events = new BenchEvents("prj_bench_" + run, o.apps(), o.users(), o.ids(), 42);
        this.probe = new ServiceProbe(o.baseUrl(), Path.of(".local/service.pid"), Path.of(".local/kafka/broker.pid"));
    }

    record Options(
            String mode,
            String baseUrl,
            Path adminKeyFile,
            String jdbcUrl,
            String kafka,
            int rate,
            int durationSeconds,
            int warmupSeconds,
            int apps,
            int users,
            int concurrency,
            int drainEvents,
            int warmupEvents,
            int baselineEvents,
            long preload,
            BenchEvents.Ids ids,
            String relay,
            boolean relayAll,
            int eraseEvents,
            int cohorts,
            int cohortBackfill,
            String path) {
        static Options parse(String[] args) {
            Map<String, String> v = new HashMap<>(Map.of(
                    "--mode",
                    "http",
                    "--base-url",
                    "http://127.0.0.1:8080",
                    "--admin-key-file",
                    ".local/admin-key.txt",
                    "--jdbc",
                    "jdbc:postgresql://127.0.0.1:5432/telemetry?user=postgres",
                    "--kafka",
                    "127.0.0.1:9092",
                    "--rate",
                    "10000",
                    "--duration",
                    "30",
                    "--warmup",
                    "20",
                    "--apps",
                    "50",
                    "--users",
                    "100000"));
            v.putAll(Map.of(
                    "--concurrency",
                    "32",
                    "--events",
                    "300000",
                    "--warmup-events",
                    "100000",
                    "--baseline-events",
                    "200000",
                    "--preload",
                    "20000000",
                    "--ids",
                    "random",
                    "--relay",
                    "none",
                    "--relay-all",
                    "false",
                    "--path",
                    "events"));
            v.put("--erase-events", "0");
            v.put("--cohorts", "0");
            v.put("--cohort-backfill", "0");
            for (int i = 0; i < args.length; i += 2) {
                if (!v.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "unknown option or missing value: " + args[i] + "; options: " + v.keySet());
                }
                v.put(args[i], args[i + 1]);
            }
            return new Options(
                    v.get("--mode"),
                    v.get("--base-url"),
                    Path.of(v.get("--admin-key-file")),
                    v.get("--jdbc"),
                    v.get("--kafka"),
                    Integer.parseInt(v.get("--rate")),
                    Integer.parseInt(v.get("--duration")),
                    Integer.parseInt(v.get("--warmup")),
                    Integer.parseInt(v.get("--apps")),
                    Integer.parseInt(v.get("--users")),
                    Integer.parseInt(v.get("--concurrency")),
                    Integer.parseInt(v.get("--events")),
                    Integer.parseInt(v.get("--warmup-events")),
                    Integer.parseInt(v.get("--baseline-events")),
                    Long.parseLong(v.get("--preload")),
                    BenchEvents.Ids.valueOf(v.get("--ids").toUpperCase(Locale.ROOT)),
                    v.get("--relay"),
                    Boolean.parseBoolean(v.get("--relay-all")),
                    Integer.parseInt(v.get("--erase-events")),
                    Integer.parseInt(v.get("--cohorts")),
                    Integer.parseInt(v.get("--cohort-backfill")),
                    v.get("--path"));
        }
    }

    public static void main(String[] args) throws Exception {
        new IngestBench(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        FakeDestinations fakes = "fake".equals(o.relay()) ? new FakeDestinations(50) : null;
        setUp();
        awaitQuiet();
        StringBuilder report = new StringBuilder();
        double stored = switch (o.mode()) {
            case "http" -> http(report);
            case "drain" -> drain(report, "drain");
            case "scale" -> scale(report);
            default -> throw new IllegalArgumentException("--mode http|drain|scale");
        };
        if ("queue".equals(o.relay())) {
            report.append(String.format(
                    Locale.ROOT,
                    "outbox          %d events queued for the relay (workers off); removed%n",
                    count("SELECT coalesce(sum(cardinality(event_ids)), 0) FROM relay_outbox WHERE project_id = '"
                            + events.projectId() + "'")));
            try (Connection c = DriverManager.getConnection(o.jdbcUrl());
                    Statement st = c.createStatement()) {
                st.execute("DELETE FROM relay_outbox WHERE project_id = '" + events.projectId() + "'");
            }
        } else if (!"none".equals(o.relay())) {
            report.append(relayReport());
        }
        if (fakes != null) {
            fakes.close();
        }
        if (o.baselineEvents() > 0) {
            System.out.printf(
                    "bare-insert baseline: %d rows into copies of event_keys and sdk_events...%n", o.baselineEvents());
            checkpoint();
            double bare = BareBaseline.measure(
                    o.jdbcUrl(),
                    new BenchEvents(events.projectId(), o.apps(), o.users(), o.ids(), 7),
                    o.baselineEvents());
            report.append(String.format(Locale.ROOT, """
                    bare insert     %.0f rows/s (one connection, 1,000 rows per statement, same server, same run)
                    stored / bare   %.2f
                    """, bare, stored / bare));
        }
        String out = "\n== ingest benchmark: " + String.join(" ", argsLine()) + " ==\n" + postgresSettings() + report;
        System.out.println(out);
        Path dir = Files.createDirectories(Path.of("target/bench"));
        Files.writeString(dir.resolve("ingest-" + o.mode() + "-" + run + ".txt"), out);
    }

    private List<String> argsLine() {
        return List.of(
                "mode " + o.mode(),
                "ids " + o.ids().name().toLowerCase(Locale.ROOT),
                o.apps() + " apps",
                o.users() + " users",
                "relay " + o.relay() + (o.relayAll() ? " (every event)" : ""),
                o.eraseEvents() > 0 ? "erasing a user of " + o.eraseEvents() + " events" : "no erasure",
                o.cohorts() + " cohorts"
                        + (o.cohortBackfill() > 0 ? ", backfilling one over " + o.cohortBackfill() + " users" : ""));
    }

    // --- http -------------------------------------------------------------------------------------------------

    private double http(StringBuilder report) throws Exception {
        Vertx vertx = Vertx.vertx();
        URI base = URI.create(o.baseUrl());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(64, o.concurrency() * 2)));
        System.out.printf("warming up for %d s...%n", o.warmupSeconds());
        // The measured window starts with storage caught up: a backlog the cold start left would be counted as the
        // steady state's latency.
        double storedBeforeWarmup = probe.storedAtStart();
        phase(vertx, client, o.warmupSeconds());
        awaitStored(Instant.now(), 0, storedBeforeWarmup, acceptedEvents);
        checkpoint();
        double storedAtStart = probe.storedAtStart();
        measuredFrom = Instant.now();
        String mode =
                o.rate() > 0 ? o.rate() + " events/s offered" : "maximum, " + o.concurrency() + " batches in flight";
        System.out.printf("measuring for %d s (%s)...%n", o.durationSeconds(), mode);
        probe.start();
        if (erasure != null) {
            erasure.start(Duration.ofSeconds(o.durationSeconds() / 3));
        }
        if (cohorts != null) {
            cohorts.start(Duration.ofSeconds(o.durationSeconds() / 3));
        }
        LoadDriver.Result result = phase(vertx, client, o.durationSeconds());
        vertx.close();
        if (cohorts != null) {
            cohorts.stopProbe();
        }
        Storage s = awaitStored(measuredFrom, acceptedEvents, storedAtStart, acceptedEvents);
        if (erasure != null) {
            erasure.await();
        }
        if (cohorts != null) {
            cohorts.finish();
        }
        String resources = probe.stop(acceptedEvents);
        report.append(String.format(
                Locale.ROOT,
                """
                load            %s, %.0f s measured
                batches         %d ok, %d failed (non-202 or transport errors)%s
                accepted        %.0f events/s (%d events; %.1f MB/s of request bodies)
                batch latency   p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms
                """,
                mode,
                result.seconds,
                result.ok,
                result.failed,
                failures.isEmpty() ? "" : " " + failures,
                acceptedEvents / result.seconds,
                acceptedEvents,
                bytesSent / result.seconds / 1e6,
                result.ms(50),
                result.ms(99),
                result.ms(99.9),
                result.latency.getMaxValue() / 1e6));
        report.append(s.lines()).append(resources);
        if (erasure != null) {
            report.append(erasure.report(events.projectId(), measuredFrom));
        }
        if (cohorts != null) {
            report.append(cohorts.report(measuredFrom));
        }
        return s.rate();
    }

    private LoadDriver.Result phase(Vertx vertx, HttpClient client, int seconds) throws InterruptedException {
        acceptedEvents = 0;
        bytesSent = 0;
        return LoadDriver.run(vertx, seconds, o.rate() / 100.0, o.concurrency(), () -> send(client));
    }

    private Future<Boolean> send(HttpClient client) {
        String app = events.app();
        boolean segment = "segment".equals(o.path());
        Buffer body =
                Buffer.buffer(segment ? events.segmentBatch(app, Instant.now()) : events.batch(app, Instant.now()));
        bytesSent += body.length();
        RequestOptions req = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(segment ? "/v1/batch" : "/v1/events")
                .putHeader("Authorization", segment ? writeKeys.get(app) : "Bearer " + token)
                .putHeader("Content-Type", "application/json");
        return client.request(req)
                .compose(r -> r.send(body))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() != (segment ? 200 : 202)) {
                        failures.merge("HTTP " + resp.statusCode(), 1, Integer::sum);
                        return false;
                    }
                    // Segment's answer has no counts: every message of a 200 batch was taken (its ids are new).
                    Matcher m = ACCEPTED.matcher(b.toString());
                    if (segment) {
                        acceptedEvents += 100;
                    } else if (m.find()) {
                        acceptedEvents += Long.parseLong(m.group(1));
                    }
                    return true;
                }))
                .onFailure(e -> failures.merge(e.getClass().getSimpleName(), 1, Integer::sum));
    }

    // --- drain and scale --------------------------------------------------------------------------------------

    private double drain(StringBuilder report, String label) throws Exception {
        if (o.warmupEvents() > 0) {
            System.out.printf("[%s] warm-up: %d events straight onto Kafka...%n", label, o.warmupEvents());
            double before = probe.storedAtStart();
            Instant from = Instant.now();
            produce(generate(o.warmupEvents()));
            awaitStored(from, o.warmupEvents(), before, o.warmupEvents());
        }
        // Generated before the clock starts: during the drain the bench only hands bytes to its producer.
        List<ProducerRecord<String, byte[]>> records = generate(o.drainEvents());
        System.out.printf(
                "[%s] producing %d events straight onto Kafka, then waiting for storage...%n", label, o.drainEvents());
        checkpoint();
        double storedAtStart = probe.storedAtStart();
        Instant from = Instant.now();
        measuredFrom = from;
        probe.start();
        double produceSeconds = produce(records);
        records = null;
        Storage s = awaitStored(from, o.drainEvents(), storedAtStart, o.drainEvents());
        String resources = probe.stop(o.drainEvents());
        report.append(String.format(
                Locale.ROOT,
                "[%s] produced %d events in %.1f s (%.0f events/s onto the topic)%n",
                label,
                o.drainEvents(),
                produceSeconds,
                o.drainEvents() / produceSeconds));
        report.append(s.lines());
        report.append(resources);
        return s.rate();
    }

    private double scale(StringBuilder report) throws Exception {
        double empty = drain(report, "before preload");
        long existing = count("SELECT count(*) FROM event_keys");
        System.out.printf("preloading %d stored events (event_keys has %d rows)...%n", o.preload(), existing);
        double took = Preload.run(o.jdbcUrl(), o.preload(), o.ids());
        report.append(String.format(
                Locale.ROOT,
                "preload         %d events in %.0f s; event_keys now %d rows, index %s%n",
                o.preload(),
                took,
                count("SELECT count(*) FROM event_keys"),
                text("SELECT pg_size_pretty(pg_relation_size('event_keys_pkey'))")));
        awaitQuiet();
        double full = drain(report, "after preload");
        report.append(String.format(
                Locale.ROOT,
                "at scale        %.0f events/s after preload vs %.0f before: %.0f%%%n",
                full,
                empty,
                100 * full / empty));
        return full;
    }

    private List<ProducerRecord<String, byte[]>> generate(int n) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        // Each event its own instant, a microsecond apart, ending now: a live stream, as an app would send it.
        Instant first = Instant.now().minusNanos(1_000L * n);
        for (int i = 0; i < n; i++) {
            BenchEvents.Event e = events.next(events.app(), first.plusNanos(1_000L * i));
            records.add(new ProducerRecord<>(
                    "sdk-events",
                    events.projectId() + ":" + e.appUserId(),
                    events.recordValue(e).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** Seconds it took to produce the records (all acknowledged). */
    private double produce(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                o.kafka(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    // --- storage checks ---------------------------------------------------------------------------------------

    /** What storage did with the events received since {@code from}. */
    record Storage(
            long expected,
            long rows,
            long distinct,
            double span,
            double p50,
            double p99,
            double p999,
            double worst,
            boolean profilesExact) {
        double rate() {
            return span > 0 ? rows / span : 0;
        }

        String lines() {
            return String.format(
                    Locale.ROOT,
                    """
                    stored          %.0f events/s (%d events in %.1f s, first receipt to last commit)
                    accepted→stored p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms
                    lost            %d, duplicated %d; live profiles count every stored event once: %s
                    """,
                    rate(),
                    rows,
                    span,
                    p50 * 1000,
                    p99 * 1000,
                    p999 * 1000,
                    worst * 1000,
                    Math.max(0, expected - distinct),
                    rows - distinct,
                    profilesExact ? "yes" : "NO");
        }
    }

    /**
     * Waits until the service's stored + duplicate counter has grown by {@code counted} since {@code counterStart}
     * (every event sent since then is stored), then reads what storage did with the {@code expected} events received
     * since {@code from} from the rows.
     */
    private Storage awaitStored(Instant from, long expected, double counterStart, long counted) throws Exception {
        System.out.println("waiting for storage to catch up...");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        // Progress from the service's own counter: a count over the table every half second would compete with the
        // storage it measures. Done when the phase's events are all stored, or nothing was stored for 10 s.
        double previous = -1;
        int still = 0;
        while (System.nanoTime() < deadline && still < 20) {
            double stored = probe.storedSoFar();
            if (stored - counterStart >= counted) {
                break;
            }
            // A reading the service did not answer (NaN) says nothing about progress.
            if (!Double.isNaN(stored)) {
                still = stored == previous ? still + 1 : 0;
                previous = stored;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        if (still >= 20) {
            System.out.println("storage made no progress for 10 s: reporting what is stored so far");
        }
        try (Connection c = DriverManager.getConnection(o.jdbcUrl())) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*) AS n, count(DISTINCT event_id) AS d,
                           EXTRACT(EPOCH FROM max(stored_at) - min(received_at)) AS span,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p50,
                           percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p99,
                           percentile_cont(0.999) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored_at - received_at)) AS p999,
                           max(EXTRACT(EPOCH FROM stored_at - received_at)) AS worst
                      FROM sdk_events WHERE project_id = ? AND received_at >= ?""")) {
                ps.setString(1, events.projectId());
                ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long all = count(
                            c,
                            "SELECT count(*) FROM sdk_events WHERE project_id = ? AND received_at >= ?",
                            Instant.EPOCH);
                    long profiled = projectCount(
                            c, "SELECT coalesce(sum(event_count), 0) FROM user_profiles WHERE project_id = ?");
                    return new Storage(
                            expected,
                            rs.getLong("n"),
                            rs.getLong("d"),
                            rs.getDouble("span"),
                            rs.getDouble("p50"),
                            rs.getDouble("p99"),
                            rs.getDouble("p999"),
                            rs.getDouble("worst"),
                            all == profiled);
                }
            }
        }
    }

    // --- set-up -----------------------------------------------------------------------------------------------

    private void setUp() throws Exception {
        AdminApi admin = new AdminApi(o.baseUrl(), o.adminKeyFile());
        admin.project(events.projectId(), "Benchmark " + run, o.apps());
        if (!"none".equals(o.relay())) {
            // Both destinations on every app. By default they take purchases and paywall views (as ViewContent), a
            // third of the events; --relay-all true sends every event (forwardUnmapped), the heaviest load.
            String routing =
                    o.relayAll() ? "\"forwardUnmapped\":true" : "\"eventMapping\":{\"paywall_open\":\"ViewContent\"}";
            for (int i = 0; i < o.apps(); i++) {
                String base =
                        "/v1/admin/projects/" + events.projectId() + "/sdk-apps/app_bench_" + i + "/destinations/";
                admin.put(
                        base + "meta",
                        "{\"pixelId\":\"" + (1000 + i) + "\",\"accessToken\":\"bench-token\"," + routing + "}");
                admin.put(
                        base + "tiktok",
                        "{\"eventSourceId\":\"" + (2000 + i) + "\",\"accessToken\":\"bench-token\"," + routing + "}");
            }
        }
        token = admin.key(events.projectId(), "events:write");
        if ("segment".equals(o.path())) {
            for (int i = 0; i < o.apps(); i++) {
                String created = admin.send(
                        "POST",
                        "/v1/admin/projects/" + events.projectId() + "/sdk-apps/app_bench_" + i + "/write-keys",
                        "",
                        201);
                Matcher m = WRITE_KEY.matcher(created);
                if (!m.find()) {
                    throw new IllegalStateException("no writeKey in " + created);
                }
                writeKeys.put(
                        "app_bench_" + i,
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((m.group(1) + ":").getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (o.eraseEvents() > 0) {
            erasure = new ErasureRun(o.baseUrl(), o.jdbcUrl(), run, o.eraseEvents());
            erasure.seed(admin);
        }
        if (o.cohorts() > 0 || o.cohortBackfill() > 0) {
            cohorts = new CohortRun(o.baseUrl(), o.jdbcUrl(), run, events.projectId(), o.cohorts(), o.cohortBackfill());
            cohorts.setUp(admin, token);
        }
        System.out.printf(
                "project %s, %d SDK apps, %d users, %s event ids%n",
                events.projectId(), o.apps(), o.users(), o.ids().name().toLowerCase(Locale.ROOT));
    }

    /** Waits until the relay has decided every queued event of this run, then reads its rates and latency. */
    private String relayReport() throws Exception {
        System.out.println("waiting for the relay to drain its outbox...");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline
                && count("SELECT count(*) FROM relay_outbox WHERE project_id = '" + events.projectId() + "'") > 0) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        try (Connection c = DriverManager.getConnection(o.jdbcUrl());
                PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status <> 'sent') AS other,
                       EXTRACT(EPOCH FROM max(decided_at) - min(received_at)) AS span,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM decided_at - received_at)) AS p50,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM decided_at - received_at)) AS p99,
                       max(EXTRACT(EPOCH FROM decided_at - received_at)) AS worst
                  FROM relay_deliveries WHERE project_id = ? AND status = 'sent' AND received_at >= ?""")) {
            ps.setString(1, events.projectId());
            ps.setObject(2, OffsetDateTime.ofInstant(measuredFrom, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long sent = rs.getLong("sent");
                double span = rs.getDouble("span");
                long requests =
                        count("SELECT count(*) FROM relay_attempts WHERE project_id = '" + events.projectId() + "'");
                return String.format(
                        Locale.ROOT,
                        """
                        relayed         %d events of the measured window sent (both destinations); %d requests in the run; %.0f events/s over %.0f s
                        accepted→relayed p50 %.0f ms, p99 %.0f ms, max %.0f ms
                        """,
                        sent,
                        requests,
                        span > 0 ? sent / span : 0,
                        span,
                        rs.getDouble("p50") * 1000,
                        rs.getDouble("p99") * 1000,
                        rs.getDouble("worst") * 1000);
            }
        }
    }

    /** A backlog left by an earlier run would be measured as this run's lag: wait until storage is idle. */
    private void awaitQuiet() throws Exception {
        System.out.println("waiting until earlier load is stored...");
        for (int i = 0; i < 300; i++) {
            if ("t"
                    .equals(text(
                            "SELECT (max(stored_at) IS NULL OR max(stored_at) < now() - interval '3 seconds')::text::char "
                                    + "FROM sdk_events WHERE received_at > now() - interval '30 minutes'"))) {
                return;
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    /** Every measured phase starts right after a checkpoint, so none of them pays for another's dirty pages. */
    /**
     * A checkpoint, so the measured window does not pay for the warm-up's dirty pages. Where autovacuum is off (this
     * project's CI machine turns it off), the tables the warm-up filled are analyzed too, as autovacuum would have: a
     * project the planner has never seen plans its per-user reads as if it were empty.
     */
    private void checkpoint() throws Exception {
        try (Connection c = DriverManager.getConnection(o.jdbcUrl());
                Statement st = c.createStatement()) {
            if ("off".equals(text("SHOW autovacuum"))) {
                st.execute("ANALYZE sdk_events, user_profiles");
            }
            st.execute("CHECKPOINT");
        }
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(text(sql));
    }

    /** The server settings the figures depend on most (the bare baseline runs on the same ones). */
    private String postgresSettings() throws Exception {
        return "postgres        "
                + text(
                        "SELECT string_agg(name || ' ' || current_setting(name), ', ' ORDER BY name) FROM pg_settings "
                                + "WHERE name IN ('shared_buffers', 'max_wal_size', 'wal_compression', 'synchronous_commit', 'checkpoint_timeout', 'autovacuum')")
                + " (server " + text("SHOW server_version") + ")\n";
    }

    private String text(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(o.jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long projectCount(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, events.projectId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(Connection c, String sql, Instant from) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, events.projectId());
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
