package com.layers.telemetry.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * Replays the faults of an operator's bad day against the local stack, with two instances of the service under a
 * steady HTTP load, and prints what they cost: kill -9 of an instance, SIGTERM of the other, a broker restart, and a
 * PostgreSQL outage (connections to the database refused and cut for a while). A partner's client retries a batch
 * that was not answered 202 on the other instance (event ids make that safe), as the API reference asks.
 *
 * <p>Reports per fault the answers the partners got, the longest time any Kafka partition's events waited without
 * being stored, and how soon storage resumed; then lost (answered 202, never stored) and duplicated (stored or
 * counted twice) events over the whole run. Not a test: a command (deploy/measure/chaos/run.sh), since it takes minutes and
 * restarts what the developer may be using.
 */
public final class ChaosRun {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(accepted|skipped)\"");
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");

    private final String baseUrl;
    private final String secondUrl;
    private final String jdbcUrl;
    private final int rate;
    private final int phaseSeconds;
    private final int partitions;
    private final String projectId = "prj_chaos_" + Long.toString(System.currentTimeMillis(), 36);
    private final BenchEvents events;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ExecutorService senders = Executors.newFixedThreadPool(16);
    /** Event ids a 202 answered accepted or skipped (already stored): each must be stored exactly once. */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Answers by second since the start and by status ("202", "503", "IOException" …). */
    private final Map<Long, Map<String, AtomicInteger>> answers = new ConcurrentSkipListMap<>();

    private final List<Fault> faults = new ArrayList<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private String token;
    private long startNanos;
    private Instant startedAt;

    /** A fault: when it began, when the component was back (null: not applicable), and what it was. */
    private record Fault(String name, Instant at, Instant back) {}

    private ChaosRun(Map<String, String> o) {
        this.baseUrl = o.get("--base-url");
        this.secondUrl = "http://127.0.0.1:" + o.get("--second-port");
        this.jdbcUrl = o.get("--jdbc");
        this.rate = Integer.parseInt(o.get("--rate"));
        this.phaseSeconds = Integer.parseInt(o.get("--phase"));
        this.partitions = Integer.parseInt(o.get("--partitions"));
        this.events = new BenchEvents(projectId, 10, 10_000, BenchEvents.Ids.RANDOM, 7);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of(
                "--base-url",
                "http://127.0.0.1:8080",
                "--second-port",
                "8081",
                "--jdbc",
                "jdbc:postgresql://127.0.0.1:5432/telemetry?user=postgres",
                "--rate",
                "1000",
                "--phase",
                "25",
                "--partitions",
                "12",
                "--kafka",
                "127.0.0.1:9092",
                "--admin-key-file",
                ".local/admin-key.txt"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + o.keySet());
            }
            o.put(args[i], args[i + 1]);
        }
        ChaosRun run = new ChaosRun(o);
        run.token = setUp(o.get("--base-url"), Path.of(o.get("--admin-key-file")), run.projectId);
        run.run();
        System.exit(0);
    }

    private static String setUp(String baseUrl, Path adminKeyFile, String projectId) throws Exception {
        AdminApi admin = new AdminApi(baseUrl, adminKeyFile);
        admin.project(projectId, "Chaos", 10);
        return admin.key(projectId, "events:write");
    }

    private void run() throws Exception {
        stack("instance", "start", "b", URI.create(secondUrl).getPort() + "");
        startNanos = System.nanoTime();
        startedAt = Instant.now();
        AtomicBoolean loading = new AtomicBoolean(true);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L * 100 / rate;
        long[] sent = {0};
        ticker.scheduleAtFixedRate(
                () -> {
                    if (loading.get()) {
                        String body = events.batch(events.app(), Instant.now());
                        senders.execute(() -> deliver(body, sent[0]++ % 2 == 0));
                    }
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        System.out.printf(
                "chaos: project %s, %d events/s over two instances (%s, %s), a fault every %d s%n",
                projectId, rate, baseUrl, secondUrl, phaseSeconds);

        phase("steady load");
        faults.add(new Fault("kill -9 of instance main", Instant.now(), null));
        kill(".local/service.pid");
        phase("instance main dead");
        stack("up");
        phase("instance main back");
        faults.add(new Fault("SIGTERM of instance b", Instant.now(), null));
        stack("instance", "stop", "b");
        phase("instance b stopped");
        stack("instance", "start", "b", URI.create(secondUrl).getPort() + "");
        phase("instance b back");
        Instant brokerDown = Instant.now();
        run("bash", "deploy/run/local/kafka.sh", "stop");
        TimeUnit.SECONDS.sleep(5);
        run("bash", "deploy/run/local/kafka.sh", "start");
        faults.add(new Fault("broker stopped for 5 s and restarted", brokerDown, Instant.now()));
        phase("broker back");
        Instant dbDown = Instant.now();
        databaseOutage(Duration.ofSeconds(8));
        faults.add(new Fault("PostgreSQL refusing and cutting connections for 8 s", dbDown, Instant.now()));
        phase("database back");

        loading.set(false);
        ticker.shutdown();
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        System.out.println("chaos: load stopped; waiting for storage...");
        report(awaitStored());
        stack("instance", "stop", "b");
    }

    private void phase(String name) throws InterruptedException {
        System.out.printf("chaos: %5.1f s  %s%n", seconds(), name);
        TimeUnit.SECONDS.sleep(phaseSeconds);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Sends the batch until one instance answers 202, alternating instances after a failure. */
    private void deliver(String body, boolean first) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        boolean toMain = first;
        while (System.nanoTime() < giveUp) {
            String outcome;
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create((toMain ? baseUrl : secondUrl) + "/v1/events"))
                                .timeout(Duration.ofSeconds(15))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                outcome = String.valueOf(r.statusCode());
                count(outcome);
                if (r.statusCode() == 202) {
                    acknowledge(r.body());
                    return;
                }
            } catch (Exception e) {
                count(e.getClass().getSimpleName());
            }
            toMain = !toMain;
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        unanswered.incrementAndGet();
    }

    private void acknowledge(String body) {
        // details[] in input order: each entry's eventId followed by its status.
        Matcher ids = EVENT_ID.matcher(body);
        Matcher statuses = STATUS.matcher(body);
        while (ids.find()) {
            int from = ids.end();
            if (statuses.find(from) && body.lastIndexOf("\"eventId\"", statuses.start()) == ids.start()) {
                acknowledged.add(ids.group(1));
            }
        }
    }

    private void count(String outcome) {
        answers.computeIfAbsent((long) seconds(), s -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** The database refuses new connections and the service's are cut, for a while; then it takes them again. */
    private void databaseOutage(Duration length) throws Exception {
        String db;
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement st = c.createStatement()) {
            db = c.getCatalog();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl.replace("/" + db + "?", "/postgres?"));
                Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                    + "' AND pid <> pg_backend_pid()");
            TimeUnit.MILLISECONDS.sleep(length.toMillis());
            st.execute("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS true");
        }
    }

    private record Row(String appUserId, String eventId, Instant stored) {}

    private List<Row> awaitStored() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        List<Row> rows;
        do {
            TimeUnit.SECONDS.sleep(2);
            rows = rows();
        } while (rows.size() < acknowledged.size() && System.nanoTime() < deadline);
        return rows;
    }

    private List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT app_user_id, event_id, stored_at FROM sdk_events WHERE project_id = ? ORDER BY stored_at")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return rows;
    }

    private long profileCount() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(sum(event_count), 0) FROM user_profiles WHERE project_id = ?")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void report(List<Row> rows) throws Exception {
        Set<String> stored = new HashSet<>();
        long duplicated = 0;
        for (Row r : rows) {
            duplicated += stored.add(r.eventId()) ? 0 : 1;
        }
        long lost = acknowledged.stream().filter(id -> !stored.contains(id)).count();
        long profiled = profileCount();
        // Per Kafka partition (the key is projectId:appUserId, as the service produces it), the stored instants.
        Map<Integer, List<Instant>> byPartition = new TreeMap<>();
        for (Row r : rows) {
            int p = Utils.toPositive(Utils.murmur2((projectId + ":" + r.appUserId()).getBytes(StandardCharsets.UTF_8)))
                    % partitions;
            byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(r.stored());
        }
        StringBuilder out = new StringBuilder("\n== chaos run: two instances, " + rate + " events/s offered ==\n");
        for (Fault f : faults) {
            Instant from = f.back() != null ? f.back() : f.at();
            out.append(String.format(
                    Locale.ROOT,
                    "%-52s storage paused at most %5.1f s%s; partners got %s%n",
                    f.name(),
                    longestPause(byPartition, f.at(), f.at().plusSeconds(phaseSeconds)),
                    f.back() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", resumed %4.1f s after its return", resumedAfter(byPartition, from)),
                    answersBetween(f.at(), f.at().plusSeconds(phaseSeconds))));
        }
        out.append(String.format(Locale.ROOT, "answers over the run  %s%n", answersBetween(startedAt, Instant.now())));
        out.append(String.format(
                Locale.ROOT,
                "events                %d acknowledged (202), %d stored, %d lost, %d duplicated; "
                        + "profiles count %d (%s); %d batches never answered 202%n",
                acknowledged.size(),
                stored.size(),
                lost,
                duplicated,
                profiled,
                profiled == rows.size() ? "every stored event once" : "MISMATCH",
                unanswered.get()));
        System.out.print(out);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/chaos-" + startedAt.toEpochMilli() + ".txt"), out.toString());
    }

    /** The longest gap between two stored events of one partition, within [from, to]. */
    private static double longestPause(Map<Integer, List<Instant>> byPartition, Instant from, Instant to) {
        double worst = 0;
        for (List<Instant> stored : byPartition.values()) {
            Instant previous = null;
            for (Instant s : stored) {
                if (previous != null && !s.isBefore(from) && !previous.isAfter(to)) {
                    worst = Math.max(worst, Duration.between(previous, s).toMillis() / 1000.0);
                }
                previous = s;
            }
        }
        return worst;
    }

    /** How long after {@code back} the last partition to resume stored its first event. */
    private static double resumedAfter(Map<Integer, List<Instant>> byPartition, Instant back) {
        double worst = 0;
        for (List<Instant> stored : byPartition.values()) {
            Instant first =
                    stored.stream().filter(s -> s.isAfter(back)).findFirst().orElse(null);
            if (first != null) {
                worst = Math.max(worst, Duration.between(back, first).toMillis() / 1000.0);
            }
        }
        return worst;
    }

    private String answersBetween(Instant from, Instant to) {
        long a = Duration.between(startedAt, from).toSeconds();
        long b = Duration.between(startedAt, to).toSeconds();
        Map<String, Integer> sum = new TreeMap<>();
        answers.forEach((second, byOutcome) -> {
            if (second >= a && second <= b) {
                byOutcome.forEach((k, v) -> sum.merge(k, v.get(), Integer::sum));
            }
        });
        return sum.toString();
    }

    private static void kill(String pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(Path.of(pidFile)).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }

    private static void stack(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "deploy/run/local/stack.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        run(command);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
