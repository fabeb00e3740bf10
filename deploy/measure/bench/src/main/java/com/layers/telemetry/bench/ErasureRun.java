package com.layers.telemetry.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An erasure under load ({@code --erase-events N}): a user of a project of its own holds N stored events; while the
 * HTTP load runs, the user is erased through the privacy API. The report compares what storage did for the load before
 * the request and while the erasure ran (stored events per second, accepted→stored latency), and how long the request
 * took from its 202 to {@code completed} (the settle delay included).
 */
final class ErasureRun {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");
    private static final Pattern ERASED_EVENTS = Pattern.compile("\"events\":(\\d+)");
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String jdbcUrl;
    private final String projectId;
    private final int events;
    private String key;
    private volatile Instant requested;
    private volatile Instant completed;
    private volatile long erased;
    private volatile String failure;

    ErasureRun(String baseUrl, String jdbcUrl, String run, int events) {
        this.baseUrl = baseUrl;
        this.jdbcUrl = jdbcUrl;
        this.projectId = "prj_erase_" + run;
        this.events = events;
    }

    /** The user's project, a privacy key for it and the user's events (stored an hour ago, straight into the tables). */
    void seed(AdminApi admin) throws Exception {
        admin.project(projectId, "Erasure " + projectId, 1);
        key = admin.key(projectId, "privacy:write");
        System.out.printf("seeding %d stored events of one user in %s...%n", events, projectId);
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO event_keys (project_id, sdk_app_id, event_id, occurred_at) SELECT '" + projectId
                    + "', 'app_bench_0', 'erase-' || g, now() - interval '1 hour' FROM generate_series(1, " + events
                    + ") g");
            st.execute("INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, "
                    + "received_at, properties, context, identity, device_id, source) SELECT '" + projectId
                    + "', 'app_bench_0', 'erase-' || g, 'screen_view', 'erased-user', now() - interval '1 hour', "
                    + "now() - interval '1 hour', '{\"screen\": \"home\", \"n\": 1}', '{\"ip\": \"198.51.100.7\"}', "
                    + "'{\"email\": \"erased@example.com\"}', 'device-erased', 'kafka' FROM generate_series(1, "
                    + events + ") g");
            st.execute("ANALYZE sdk_events");
        }
    }

    /** Requests the erasure after {@code delay}, then follows it to completion, on a thread of its own. */
    void start(Duration delay) {
        Thread t = new Thread(
                () -> {
                    try {
                        Thread.sleep(delay.toMillis());
                        follow();
                    } catch (Exception e) {
                        failure = e.toString();
                    }
                },
                "erasure");
        t.setDaemon(true);
        t.start();
    }

    private void follow() throws Exception {
        requested = Instant.now();
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/v1/projects/" + projectId + "/privacy/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"delete\",\"appUserIds\":[\"erased-user\"]}")));
        Matcher id = REQUEST_ID.matcher(r.body());
        if (r.statusCode() != 202 || !id.find()) {
            throw new IllegalStateException("privacy request refused: " + r.statusCode() + " " + r.body());
        }
        URI status = URI.create(baseUrl + "/v1/projects/" + projectId + "/privacy/requests/" + id.group(1));
        while (true) {
            String body = send(HttpRequest.newBuilder(status).GET()).body();
            if (body.contains("\"status\":\"completed\"")) {
                completed = Instant.now();
                Matcher n = ERASED_EVENTS.matcher(body);
                erased = n.find() ? Long.parseLong(n.group(1)) : -1;
                return;
            }
            Thread.sleep(200);
        }
    }

    /** Waits (up to 10 minutes) for the erasure to complete. */
    void await() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (completed == null && failure == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The load's storage before the request and while the erasure ran, and the erasure itself. */
    String report(String loadProject, Instant measuredFrom) throws Exception {
        if (failure != null || completed == null) {
            return "erasure         did not complete: " + (failure != null ? failure : "timed out") + "\n";
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            StoredWindow before = StoredWindow.of(c, loadProject, measuredFrom, requested);
            StoredWindow during = StoredWindow.of(c, loadProject, requested, completed);
            long left = count(c, "SELECT count(*) FROM sdk_events WHERE project_id = ?", projectId);
            return String.format(
                    Locale.ROOT,
                    """
                    erasure         %d events erased (%d left) in %.1f s from the 202 to completed (settle included)
                    load stored     %.0f events/s before the request, %.0f events/s while the erasure ran (%+.1f %%)
                    load latency    accepted→stored p99 %.0f ms before, %.0f ms during
                    """,
                    erased,
                    left,
                    Duration.between(requested, completed).toMillis() / 1000.0,
                    before.rate(),
                    during.rate(),
                    100 * (during.rate() / before.rate() - 1),
                    before.p99() * 1000,
                    during.p99() * 1000);
        }
    }

    private static long count(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
