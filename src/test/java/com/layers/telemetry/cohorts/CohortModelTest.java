package com.layers.telemetry.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Reads;
import com.layers.telemetry.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Cohort membership against an in-memory model of the rules: shuffled, duplicated and late events for many users,
 * time passing over window edges with no event, a rule changed in flight and a replay of everything. Every members
 * listing and a sample of signals must equal what the model says for the instant they are read.
 */
@QuarkusTest
class CohortModelTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<String> PLANS = List.of("pro", "free", "team");

    /** One event as the model sees it. */
    record Sent(
            String user,
            String id,
            String name,
            Instant at,
            BigDecimal revenue,
            String currency,
            Map<String, Object> set,
            List<String> unset,
            Boolean marketing) {}

    @Test
    void membershipEqualsTheModelThroughShuffledLateDuplicatedEventsAndTime() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Api.ProjectFixture p = Api.newProject();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        rules.put("buyers", Map.of("event", "Purchase", "within", "1h", "count", Map.of("gte", 2)));
        rules.put("whales", Map.of("revenue", Map.of("gte", 50), "currency", "USD", "within", "1h"));
        rules.put("pro", Map.of("property", "plan", "op", "eq", "value", "pro"));
        rules.put("heavy", Map.of("property", "n", "op", "gte", "value", 3));
        rules.put("reachable", Map.of("not", Map.of("consent", "marketing", "is", false)));
        rules.put(
                "quiet",
                Map.of(
                        "all",
                        List.of(
                                Map.of("lastSeen", Map.of("before", "1h")),
                                Map.of("property", "plan", "op", "exists"))));
        rules.put(
                "noRefund",
                Map.of(
                        "any",
                        List.of(
                                Map.of("event", "Refund", "within", "2h", "count", Map.of("eq", 0)),
                                Map.of("firstSeen", Map.of("within", "1h")))));
        rules.put("tagged", Map.of("property", "tags", "op", "contains", "value", "beta"));
        rules.forEach(
                (id, rule) -> CohortTest.put(p, "admin", id, id, rule).then().statusCode(201));
        Map<String, BiPredicate<List<Sent>, Instant>> model = new HashMap<>();
        model.put("buyers", (ev, now) -> count(ev, "Purchase", HOUR, now) >= 2);
        model.put("whales", (ev, now) -> revenue(ev, "USD", HOUR, now).compareTo(BigDecimal.valueOf(50)) >= 0);
        model.put("pro", (ev, now) -> "pro".equals(properties(ev).get("plan")));
        model.put("heavy", (ev, now) -> properties(ev).get("n") instanceof Integer n && n >= 3);
        model.put("reachable", (ev, now) -> !Boolean.FALSE.equals(marketing(ev)));
        model.put(
                "quiet",
                (ev, now) ->
                        lastSeen(ev).isBefore(now.minus(HOUR)) && properties(ev).containsKey("plan"));
        model.put(
                "noRefund",
                (ev, now) -> count(ev, "Refund", Duration.ofHours(2), now) == 0
                        || !firstSeen(ev).isBefore(now.minus(HOUR)));
        model.put("tagged", (ev, now) -> properties(ev).get("tags") instanceof List<?> tags && tags.contains("beta"));

        // Edges of the one- and two-hour windows, and future-dated events, fall 10-16 s from now.
        List<Sent> sent = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String user = "u" + (u < 10 ? "0" : "") + u;
            int events = 1 + random.nextInt(8);
            for (int i = 0; i < events; i++) {
                Instant at = switch (random.nextInt(5)) {
                    case 0 -> t0.minus(HOUR).plusSeconds(10 + random.nextInt(6));
                    case 1 -> t0.minus(Duration.ofHours(2)).plusSeconds(10 + random.nextInt(6));
                    case 2 -> t0.plusSeconds(10 + random.nextInt(6));
                    default -> t0.minusSeconds(random.nextInt(2 * 3600 + 600));
                };
                at = at.plusMillis(i); // no two events of a user at the same instant: the model needs no tie-break
                String name = List.of("Open", "Purchase", "Purchase", "Refund", "profile")
                        .get(random.nextInt(5));
                Map<String, Object> set = new HashMap<>();
                List<String> unset = new ArrayList<>();
                if (name.equals("profile")) {
                    if (random.nextBoolean()) {
                        set.put("plan", PLANS.get(random.nextInt(3)));
                    }
                    if (random.nextBoolean()) {
                        set.put("n", random.nextInt(6));
                    }
                    if (random.nextInt(3) == 0) {
                        set.put("tags", random.nextBoolean() ? List.of("beta", "ios") : List.of("ios"));
                    }
                    if (random.nextInt(4) == 0) {
                        unset.add("plan");
                        set.remove("plan");
                    }
                }
                boolean purchase = name.equals("Purchase");
                sent.add(new Sent(
                        user,
                        "evt_" + u + "_" + i + "_" + seed,
                        name,
                        at,
                        purchase ? BigDecimal.valueOf(5 + random.nextInt(36)) : null,
                        purchase ? (random.nextInt(4) == 0 ? "EUR" : "USD") : null,
                        set,
                        unset,
                        random.nextInt(4) == 0 ? random.nextBoolean() : null));
            }
        }
        List<Map<String, Object>> bodies =
                new ArrayList<>(sent.stream().map(CohortModelTest::body).toList());
        Collections.shuffle(bodies, random);
        List<Map<String, Object>> duplicates = bodies.subList(0, bodies.size() / 10);
        int cut = bodies.size() * 7 / 10;
        List<Map<String, Object>> first = new ArrayList<>(bodies.subList(0, cut));
        List<Map<String, Object>> late = new ArrayList<>(bodies.subList(cut, bodies.size()));
        late.addAll(duplicates);
        Reads.ingest(p, first);
        Reads.ingest(p, late);

        Map<String, List<Sent>> byUser = new TreeMap<>();
        sent.forEach(
                s -> byUser.computeIfAbsent(s.user(), k -> new ArrayList<>()).add(s));
        String context = "seed " + seed;
        awaitModel(p, rules.keySet(), model, byUser, context);

        // A rule changed in flight is evaluated again over every user.
        rules.put("heavy", Map.of("property", "n", "op", "lte", "value", 1));
        model.put("heavy", (ev, now) -> properties(ev).get("n") instanceof Integer n && n <= 1);
        CohortTest.put(p, "admin", "heavy", "heavy", rules.get("heavy")).then().statusCode(200);
        // Everything again (a replay): duplicates change nothing.
        Reads.ingest(p, bodies);
        awaitModel(p, rules.keySet(), model, byUser, context);

        // Past every edge: members moved with no event.
        Instant edges = t0.plusSeconds(17);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Instant.now().isAfter(edges) && matches(p, rules.keySet(), model, byUser));
        for (String user : List.copyOf(byUser.keySet()).subList(0, 8)) {
            Instant now = Instant.now();
            List<String> expected = expected(user, model, byUser, now);
            assertThat(CohortTest.cohortsOf(p, user)).as(context + ", " + user).isEqualTo(expected);
        }
        String largest = rules.keySet().stream()
                .max(Comparator.comparing(
                        c -> modelMembers(c, model, byUser, Instant.now()).size()))
                .orElseThrow();
        assertThat(pagedBySeven(p, largest)).as(context).isEqualTo(CohortTest.members(p, largest, ""));
    }

    private static void awaitModel(
            Api.ProjectFixture p,
            Iterable<String> cohorts,
            Map<String, BiPredicate<List<Sent>, Instant>> model,
            Map<String, List<Sent>> byUser,
            String context) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    for (String c : cohorts) {
                        JsonPath view = Api.as(TestKeys.admin())
                                .get(CohortTest.base(p) + "/" + c)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath();
                        assertThat(view.getString("status")).as(c).isEqualTo("ready");
                    }
                    assertThat(matches(p, cohorts, model, byUser)).as(context).isTrue();
                });
    }

    private static boolean matches(
            Api.ProjectFixture p,
            Iterable<String> cohorts,
            Map<String, BiPredicate<List<Sent>, Instant>> model,
            Map<String, List<Sent>> byUser) {
        for (String c : cohorts) {
            List<String> actual = CohortTest.members(p, c, "");
            Instant now = Instant.now();
            if (!actual.equals(modelMembers(c, model, byUser, now))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> modelMembers(
            String cohort,
            Map<String, BiPredicate<List<Sent>, Instant>> model,
            Map<String, List<Sent>> byUser,
            Instant now) {
        List<String> out = new ArrayList<>();
        byUser.forEach((user, events) -> {
            if (model.get(cohort).test(events, now)) {
                out.add(user);
            }
        });
        return out;
    }

    private static List<String> expected(
            String user,
            Map<String, BiPredicate<List<Sent>, Instant>> model,
            Map<String, List<Sent>> byUser,
            Instant now) {
        TreeSet<String> in = new TreeSet<>(Comparator.naturalOrder());
        model.forEach((c, rule) -> {
            if (rule.test(byUser.get(user), now)) {
                in.add(c);
            }
        });
        return List.copyOf(in);
    }

    private static List<String> pagedBySeven(Api.ProjectFixture p, String cohort) {
        List<String> out = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = Api.as(TestKeys.admin())
                    .get(CohortTest.base(p) + "/" + cohort + "/members?limit=7"
                            + (cursor.isEmpty() ? "" : "&cursor=" + cursor))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            out.addAll(page.getList("members.appUserId", String.class));
            cursor = Objects.requireNonNullElse(page.getString("nextCursor"), "");
        } while (!cursor.isEmpty());
        return out;
    }

    // --- the model ----------------------------------------------------------------------------------------------

    private static long count(List<Sent> events, String name, Duration within, Instant now) {
        return events.stream()
                .filter(e -> e.name().equals(name) && inWindow(e, within, now))
                .count();
    }

    private static BigDecimal revenue(List<Sent> events, String currency, Duration within, Instant now) {
        return events.stream()
                .filter(e -> currency.equals(e.currency()) && inWindow(e, within, now))
                .map(Sent::revenue)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static boolean inWindow(Sent e, Duration within, Instant now) {
        return e.at().isAfter(now.minus(within)) && !e.at().isAfter(now);
    }

    /** Per key, the latest event that sets or unsets it decides. */
    private static Map<String, Object> properties(List<Sent> events) {
        Map<String, Object> out = new HashMap<>();
        events.stream().sorted(Comparator.comparing(Sent::at)).forEach(e -> {
            out.putAll(e.set());
            e.unset().forEach(out::remove);
        });
        return out;
    }

    private static Boolean marketing(List<Sent> events) {
        return events.stream()
                .filter(e -> e.marketing() != null)
                .max(Comparator.comparing(Sent::at))
                .map(Sent::marketing)
                .orElse(null);
    }

    private static Instant firstSeen(List<Sent> events) {
        return events.stream().map(Sent::at).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant lastSeen(List<Sent> events) {
        return events.stream().map(Sent::at).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static Map<String, Object> body(Sent s) {
        Map<String, Object> e = Events.event(s.name(), s.user(), s.id());
        e.put("occurredAt", s.at().toString());
        Map<String, Object> properties = new HashMap<>();
        if (s.revenue() != null) {
            properties.put("revenue", s.revenue());
            properties.put("currency", s.currency());
        }
        if (!s.set().isEmpty()) {
            properties.put("$set", s.set());
        }
        if (!s.unset().isEmpty()) {
            properties.put("$unset", s.unset());
        }
        if (!properties.isEmpty()) {
            e.put("properties", properties);
        }
        if (s.marketing() != null) {
            e.put("context", Map.of("consent", Map.of("analytics", true, "marketing", s.marketing())));
        }
        return e;
    }
}
