package com.layers.telemetry.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Cohorts under load. {@code --cohorts N} defines N cohorts on the load project before the run (the last one matches
 * a probe event), so the run's storage figures carry their cost; during the measured window a probe sends one event
 * every 250 ms for a new user and times it from the 202 until the user's signal lists the probe cohort.
 * {@code --cohort-backfill U} seeds a project of its own with U users (profiles and one purchase each, straight into
 * the tables) and, a third into the window, defines a cohort on it: the report gives the time from the PUT to
 * {@code ready} and what storage did for the load before and during the backfill.
 */
final class CohortRun {
    /** Rules a partner would define on the bench's events (purchases, paywall views, $set plan, consent). */
    static final List<String> RULES = List.of(
            "{\"event\": \"Purchase\", \"within\": \"30d\"}",
            "{\"event\": \"Purchase\", \"within\": \"30d\", \"count\": {\"gte\": 3}}",
            "{\"revenue\": {\"gte\": 20}, \"currency\": \"USD\", \"within\": \"30d\"}",
            "{\"event\": \"screen_view\", \"within\": \"1d\", \"count\": {\"gte\": 5}}",
            "{\"event\": \"paywall_open\", \"within\": \"7d\"}",
            "{\"property\": \"plan\", \"op\": \"eq\", \"value\": \"pro\"}",
            "{\"consent\": \"marketing\", \"is\": true}",
            "{\"firstSeen\": {\"within\": \"7d\"}}",
            "{\"all\": [{\"lastSeen\": {\"before\": \"14d\"}}, {\"property\": \"plan\", \"op\": \"exists\"}]}",
            "{\"all\": [{\"event\": \"level_complete\", \"within\": \"7d\", \"count\": {\"gte\": 2}}, "
                    + "{\"not\": {\"consent\": \"personalization\", \"is\": true}}]}");

    private static final String PROBE_RULE = "{\"event\": \"cohort_probe\", \"within\": \"1h\"}";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String jdbcUrl;
    private final String run;
    private final String loadProject;
    private final int cohorts;
    private final int backfillUsers;
    private final String backfillProject;
    private AdminApi admin;
    private String writeKey;
    private String readKey;
    private final List<Long> freshnessMillis = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean probing;
    /** Probes not in their cohort 30 s after acceptance (evaluation yielding to a storage backlog). */
    private volatile int timeouts;

    private Thread prober;
    private volatile Instant backfillAsked;
    private volatile Instant backfillReady;
    private volatile String failure;

    CohortRun(String baseUrl, String jdbcUrl, String run, String loadProject, int cohorts, int backfillUsers) {
        this.baseUrl = baseUrl;
        this.jdbcUrl = jdbcUrl;
        this.run = run;
        this.loadProject = loadProject;
        this.cohorts = cohorts;
        this.backfillUsers = backfillUsers;
        this.backfillProject = "prj_backfill_" + run;
    }

    /** The load project's cohorts (before any event), keys, and the backfill project's users. */
    void setUp(AdminApi admin, String writeKey) throws Exception {
        this.admin = admin;
        this.writeKey = writeKey;
        this.readKey = admin.key(loadProject, "events:read");
        for (int i = 0; i < cohorts; i++) {
            String rule = i == cohorts - 1 ? PROBE_RULE : RULES.get(i % RULES.size());
            admin.send(
                    "PUT",
                    cohortPath(loadProject, "c" + i),
                    "{\"name\": \"Cohort " + i + "\", \"rule\": " + rule + "}",
                    201);
        }
        if (backfillUsers > 0) {
            admin.project(backfillProject, "Backfill " + run, 1);
            System.out.printf("seeding %d users in %s...%n", backfillUsers, backfillProject);
            try (Connection c = DriverManager.getConnection(jdbcUrl);
                    Statement st = c.createStatement()) {
                String p = "'" + backfillProject + "'";
                st.execute("INSERT INTO user_profiles (project_id, app_user_id, first_seen, last_seen, event_count, "
                        + "device_ids, event_types, updated_at, props) SELECT " + p + ", 'user_' || g, "
                        + "now() - interval '20 days', now() - interval '1 day', 1, '{}', '{Purchase}', now(), "
                        + "CASE WHEN g % 2 = 0 THEN '{\"plan\": {\"v\": \"pro\", \"o\": \"0\"}}'::jsonb ELSE '{}' END "
                        + "FROM generate_series(1, " + backfillUsers + ") g");
                st.execute("INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at) SELECT " + p
                        + ", 'app_bench_0', 'bf-' || g, now() - interval '1 day' FROM generate_series(1, "
                        + backfillUsers + ") g");
                st.execute("INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, "
                        + "received_at, properties, revenue, currency, source) SELECT " + p + ", 'app_bench_0', "
                        + "'bf-' || g, 'Purchase', 'user_' || g, now() - interval '1 day', now() - interval '1 day', "
                        + "'{\"revenue\": 9.99}', 9.99, 'USD', 'kafka' FROM generate_series(1, " + backfillUsers
                        + ") g");
                st.execute("ANALYZE user_profiles");
                st.execute("ANALYZE sdk_events");
            }
        }
    }

    /** Starts the freshness probe now and the backfill after {@code backfillDelay}. */
    void start(Duration backfillDelay) {
        if (cohorts > 0) {
            probing = true;
            prober = daemon("cohort-probe", this::probe);
        }
        if (backfillUsers > 0) {
            daemon("cohort-backfill", () -> {
                Thread.sleep(backfillDelay.toMillis());
                backfill();
            });
        }
    }

    /** Stops the probe (with the load: its events would race the storage checks). */
    void stopProbe() throws InterruptedException {
        probing = false;
        if (prober != null) {
            prober.join();
        }
    }

    /** Waits (up to 10 minutes) for the backfill. */
    void finish() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (backfillUsers > 0 && backfillReady == null && failure == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    String report(Instant measuredFrom) throws Exception {
        StringBuilder out = new StringBuilder();
        if (failure != null) {
            out.append("cohorts         failed: ").append(failure).append('\n');
        }
        if (cohorts > 0) {
            List<Long> sorted = new ArrayList<>(freshnessMillis);
            Collections.sort(sorted);
            out.append(String.format(
                    Locale.ROOT,
                    "cohorts         %d on the load project; event accepted → in the signal's cohorts: p50 %d ms, "
                            + "p99 %d ms, max %d ms (%d probes; %d more not in after 30 s)%n",
                    cohorts,
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                    sorted.size(),
                    timeouts));
        }
        if (backfillUsers > 0 && backfillReady != null) {
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                StoredWindow before = StoredWindow.of(c, loadProject, measuredFrom, backfillAsked);
                StoredWindow during = StoredWindow.of(c, loadProject, backfillAsked, backfillReady);
                out.append(String.format(
                        Locale.ROOT,
                        """
                        backfill        %d users evaluated in %.1f s (PUT → ready)
                        load stored     %.0f events/s before the backfill, %.0f events/s during it (%+.1f %%)
                        load latency    accepted→stored p99 %.0f ms before, %.0f ms during
                        """,
                        backfillUsers,
                        Duration.between(backfillAsked, backfillReady).toMillis() / 1000.0,
                        before.rate(),
                        during.rate(),
                        100 * (during.rate() / before.rate() - 1),
                        before.p99() * 1000,
                        during.p99() * 1000));
            }
        }
        return out.toString();
    }

    private void probe() throws Exception {
        for (int i = 0; probing; i++) {
            String user = "probe-" + run + "-" + i;
            String body = "{\"projectId\":\"" + loadProject + "\",\"sdkAppId\":\"app_bench_0\",\"events\":[{\"name\":"
                    + "\"cohort_probe\",\"appUserId\":\"" + user + "\",\"eventId\":\"" + user + "\",\"occurredAt\":\""
                    + Instant.now() + "\"}]}";
            HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/events"))
                    .header("Authorization", "Bearer " + writeKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            long accepted = System.nanoTime();
            if (sent.statusCode() != 202) {
                throw new IllegalStateException("probe event refused: " + sent.statusCode() + " " + sent.body());
            }
            URI signal = URI.create(baseUrl + "/v1/projects/" + loadProject + "/users/" + user + "/signal");
            while (true) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(signal)
                        .header("Authorization", "Bearer " + readKey)
                        .GET());
                if (r.statusCode() == 200 && r.body().contains("\"c" + (cohorts - 1) + "\"")) {
                    freshnessMillis.add((System.nanoTime() - accepted) / 1_000_000);
                    break;
                }
                if (System.nanoTime() - accepted > Duration.ofSeconds(30).toNanos()) {
                    timeouts++;
                    break;
                }
                Thread.sleep(10);
            }
            Thread.sleep(250);
        }
    }

    private void backfill() throws Exception {
        backfillAsked = Instant.now();
        admin.send(
                "PUT",
                cohortPath(backfillProject, "buyers_or_pro"),
                "{\"name\": \"Buyers or pro\", \"rule\": {\"any\": [" + RULES.get(0) + ", " + RULES.get(5) + "]}}",
                201);
        while (!admin.send("GET", cohortPath(backfillProject, "buyers_or_pro"), "", 200)
                .contains("\"status\":\"ready\"")) {
            Thread.sleep(100);
        }
        backfillReady = Instant.now();
    }

    private static String cohortPath(String project, String cohort) {
        return "/v1/projects/" + project + "/cohorts/" + cohort;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty()
                ? -1
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Work {
        void run() throws Exception;
    }

    private Thread daemon(String name, Work work) {
        Thread t = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (Exception e) {
                        failure = e.toString();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
