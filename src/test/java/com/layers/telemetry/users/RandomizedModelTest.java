package com.layers.telemetry.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.support.Api;
import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Events;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.Reads;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Feeds a shuffled stream with duplicates (over HTTP and straight onto Kafka) and checks every read endpoint against
 * a small in-memory reference model of the README's rules (Reading user signal), written independently of the service's code.
 */
@QuarkusTest
class RandomizedModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String[] NAMES = {"view", "tap", "Purchase", "identify", "consent_updated"};
    private static final String[] KEYS = {"plan", "tier", "color", "source"};

    /** One generated event, and what storage assigned it (receivedAt). */
    record Ev(
            String id,
            String name,
            String user,
            Instant at,
            Map<String, Object> props,
            Map<String, Object> context,
            Map<String, Object> identity) {
        Map<String, Object> json() {
            Map<String, Object> e = new HashMap<>();
            e.put("eventId", id);
            e.put("name", name);
            e.put("occurredAt", at.toString());
            if (user != null) {
                e.put("appUserId", user);
            }
            if (props != null) {
                e.put("properties", props);
            }
            if (context != null) {
                e.put("context", context);
            }
            if (identity != null) {
                e.put("identity", identity);
            }
            return e;
        }
    }

    record Order(Instant at, Instant received, String id) implements Comparable<Order> {
        public int compareTo(Order o) {
            return Comparator.comparing(Order::at)
                    .thenComparing(Order::received)
                    .thenComparing(Order::id)
                    .compare(this, o);
        }
    }

    record Slot(JsonNode value, boolean unset, Order order) {}

    @RepeatedTest(3)
    void everyEndpointAgreesWithTheReferenceModel() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Reads.pinNow(NOW);
        Api.ProjectFixture p = Api.newProject();
        List<Ev> events = generate(rnd, 400);

        List<Ev> stream = new ArrayList<>(events);
        for (int i = 0; i < events.size() / 5; i++) {
            stream.add(events.get(rnd.nextInt(events.size())));
        }
        Collections.shuffle(stream, rnd);
        String key = p.key("events:write");
        List<ProducerRecord<String, byte[]>> direct = new ArrayList<>();
        for (int i = 0; i < stream.size(); ) {
            int n = 1 + rnd.nextInt(40);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(stream.size(), i + n); j++) {
                batch.add(stream.get(j).json());
            }
            if (rnd.nextInt(4) == 0) {
                for (Map<String, Object> e : batch) {
                    String value = JSON.writeValueAsString(
                            Map.of("projectId", p.projectId(), "sdkAppId", p.sdkAppId(), "event", e));
                    direct.add(Kafka.record("sdk-events", p.projectId() + ":" + e.get("appUserId"), value));
                }
            } else {
                Api.as(key)
                        .body(Events.batch(p, batch))
                        .post("/v1/events")
                        .then()
                        .statusCode(202);
            }
            i += n;
        }
        Kafka.produce(direct);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM sdk_events WHERE project_id = ?", p.projectId())
                        == events.size());

        Map<String, Instant> received = new HashMap<>();
        for (Map<String, Object> row :
                Db.rows("SELECT event_id, received_at FROM sdk_events WHERE project_id = ?", p.projectId())) {
            received.put((String) row.get("event_id"), ((OffsetDateTime) row.get("received_at")).toInstant());
        }
        String context = "seed " + seed;
        checkUsers(p, events, received, context);
        checkEvents(p, events, context);
        checkConversions(p, events, context);
    }

    private static List<Ev> generate(Random rnd, int count) {
        List<Ev> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = NAMES[rnd.nextInt(NAMES.length)];
            String user = rnd.nextInt(12) == 0 ? null : "user_" + rnd.nextInt(8);
            // Whole minutes over 45 days back to 2 h ahead, so ties on occurredAt happen.
            Instant at = NOW.minus(Duration.ofMinutes(rnd.nextInt(45 * 24 * 60)))
                    .plus(Duration.ofMinutes(rnd.nextInt(3) == 0 ? 120 : 0));
            Map<String, Object> props = new LinkedHashMap<>();
            if (name.equals("identify")) {
                props.put(KEYS[rnd.nextInt(KEYS.length)], "id-" + rnd.nextInt(5));
            }
            if (name.equals("consent_updated")) {
                props.put("analytics", rnd.nextBoolean());
                props.put("marketing", rnd.nextBoolean());
            }
            if (name.equals("Purchase")) {
                props.put("revenue", (1 + rnd.nextInt(40)) / 4.0);
                if (rnd.nextBoolean()) {
                    props.put("currency", rnd.nextBoolean() ? "USD" : "EUR");
                }
            }
            if (rnd.nextInt(3) == 0) {
                props.put("$set", Map.of(KEYS[rnd.nextInt(KEYS.length)], rnd.nextInt(100)));
            }
            if (rnd.nextInt(5) == 0) {
                props.put("$set_once", Map.of(KEYS[rnd.nextInt(KEYS.length)], "once-" + rnd.nextInt(100)));
            }
            if (rnd.nextInt(8) == 0) {
                props.put("$unset", List.of(KEYS[rnd.nextInt(KEYS.length)]));
            }
            Map<String, Object> context = null;
            if (rnd.nextBoolean()) {
                context = new HashMap<>();
                context.put("device", Map.of("id", "dev_" + rnd.nextInt(5)));
                if (rnd.nextInt(4) == 0) {
                    context.put("locale", rnd.nextBoolean() ? "en-US" : "de-DE");
                }
                if (rnd.nextInt(5) == 0) {
                    context.put("consent", Map.of("personalization", rnd.nextBoolean()));
                }
            }
            Map<String, Object> identity = rnd.nextInt(6) == 0 ? Map.of("email", "u" + rnd.nextInt(3) + "@x.io") : null;
            out.add(new Ev("evt_rnd_" + i, name, user, at, props.isEmpty() ? null : props, context, identity));
        }
        return out;
    }

    private static void checkUsers(Api.ProjectFixture p, List<Ev> events, Map<String, Instant> received, String ctx) {
        Map<String, List<Ev>> byUser = new TreeMap<>();
        for (Ev e : events) {
            if (e.user() != null) {
                byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
            }
        }
        // The list: most recently seen first, ties by user id.
        List<String> expectedOrder = new ArrayList<>(byUser.keySet());
        expectedOrder.sort(Comparator.comparing((String u) -> lastSeen(byUser.get(u)))
                .reversed()
                .thenComparing(u -> u));
        JsonNode list = body(Reads.get(p, "events:read", "/users?limit=200")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<String> actualOrder = new ArrayList<>();
        list.get("data").forEach(n -> actualOrder.add(n.get("user_id").asText()));
        assertThat(actualOrder).as(ctx).isEqualTo(expectedOrder);
        assertThat(list.at("/pagination/total").asLong()).as(ctx).isEqualTo(byUser.size());

        for (Map.Entry<String, List<Ev>> entry : byUser.entrySet()) {
            String user = entry.getKey();
            List<Ev> evs = entry.getValue();
            JsonNode detail = body(Reads.get(p, "events:read", "/users/" + user)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            TreeSet<String> devices = new TreeSet<>();
            TreeSet<String> types = new TreeSet<>();
            evs.forEach(e -> {
                if (e.context() != null && e.context().get("device") instanceof Map<?, ?> d) {
                    devices.add((String) d.get("id"));
                }
                types.add(e.name());
            });
            assertThat(JSON.convertValue(detail.get("device_ids"), List.class))
                    .as(ctx)
                    .isEqualTo(new ArrayList<>(devices));
            assertThat(JSON.convertValue(detail.get("event_types"), List.class))
                    .as(ctx)
                    .isEqualTo(new ArrayList<>(types));
            assertThat(detail.get("event_count").asLong()).as(ctx).isEqualTo(evs.size());

            JsonNode history = body(Reads.get(p, "events:read", "/users/" + user + "/events?limit=200")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            List<String> expectedIds = evs.stream()
                    .sorted(Comparator.comparing(Ev::at).thenComparing(Ev::id).reversed())
                    .map(Ev::id)
                    .toList();
            List<String> actualIds = new ArrayList<>();
            history.get("data").forEach(n -> actualIds.add(n.get("id").asText()));
            assertThat(actualIds).as(ctx + " history of " + user).isEqualTo(expectedIds);

            JsonNode signal = body(Reads.get(p, "events:read", "/users/" + user + "/signal")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            assertSignal(signal, evs, received, ctx + " signal of " + user);
        }
    }

    private static Instant lastSeen(List<Ev> evs) {
        return evs.stream().map(Ev::at).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static void assertSignal(JsonNode signal, List<Ev> evs, Map<String, Instant> received, String ctx) {
        Instant first = evs.stream().map(Ev::at).min(Comparator.naturalOrder()).orElseThrow();
        assertThat(signal.get("firstSeen").asText()).as(ctx).isEqualTo(first.toString());
        assertThat(signal.get("lastSeen").asText())
                .as(ctx)
                .isEqualTo(lastSeen(evs).toString());
        long in30 = evs.stream()
                .filter(e -> !e.at().isBefore(NOW.minus(Duration.ofDays(30))) && !e.at().isAfter(NOW))
                .count();
        assertThat(signal.get("eventCount30d").asLong()).as(ctx).isEqualTo(in30);
        for (int n : new int[] {1, 7, 30}) {
            Instant from = first.plus(Duration.ofDays(n));
            Instant to = first.plus(Duration.ofDays(n + 1L));
            boolean hit = evs.stream().anyMatch(e -> !e.at().isBefore(from) && e.at().isBefore(to));
            JsonNode actual = signal.at("/retention/day" + n);
            if (hit) {
                assertThat(actual.asBoolean()).as(ctx + " day" + n).isTrue();
            } else if (NOW.isBefore(to)) {
                assertThat(actual.isNull()).as(ctx + " day" + n + " open").isTrue();
            } else {
                assertThat(actual.isBoolean() && !actual.asBoolean())
                        .as(ctx + " day" + n + " closed")
                        .isTrue();
            }
        }
        // Properties: last-write-wins slot and earliest-wins $set_once slot per key, by (occurredAt, receivedAt, id).
        Map<String, Slot> lww = new HashMap<>();
        Map<String, Slot> once = new HashMap<>();
        Slot consent = null;
        for (Ev e : evs) {
            Order order = new Order(e.at(), received.get(e.id()), e.id());
            Map<String, JsonNode> sets = new HashMap<>();
            if (e.context() != null && e.context().get("locale") != null) {
                sets.put("locale", JSON.valueToTree(e.context().get("locale")));
            }
            if (e.identity() != null) {
                sets.put("email", JSON.valueToTree(e.identity().get("email")));
            }
            Map<String, Object> props = e.props() == null ? Map.of() : e.props();
            if (e.name().equals("identify")) {
                props.forEach((k, v) -> {
                    if (!k.startsWith("$")) {
                        sets.put(k, JSON.valueToTree(v));
                    }
                });
            }
            if (props.get("$set") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> sets.put((String) k, JSON.valueToTree(v)));
            }
            List<?> unsets = props.get("$unset") instanceof List<?> l ? l : List.of();
            unsets.forEach(sets::remove);
            sets.forEach((k, v) ->
                    lww.merge(k, new Slot(v, false, order), (a, b) -> a.order().compareTo(b.order()) >= 0 ? a : b));
            unsets.forEach(k -> lww.merge(
                    (String) k, new Slot(null, true, order), (a, b) -> a.order().compareTo(b.order()) >= 0 ? a : b));
            if (props.get("$set_once") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> once.merge(
                        (String) k,
                        new Slot(JSON.valueToTree(v), false, order),
                        (a, b) -> a.order().compareTo(b.order()) <= 0 ? a : b));
            }
            JsonNode snapshot = null;
            if (e.name().equals("consent_updated")) {
                snapshot = consent(props);
            } else if (e.context() != null && e.context().get("consent") instanceof Map<?, ?> c) {
                snapshot = consent(c);
            }
            if (snapshot != null && (consent == null || order.compareTo(consent.order()) > 0)) {
                consent = new Slot(snapshot, false, order);
            }
        }
        ObjectNode expected = JSON.createObjectNode();
        TreeSet<String> keys = new TreeSet<>(lww.keySet());
        keys.addAll(once.keySet());
        for (String k : keys) {
            Slot l = lww.get(k);
            Slot o = once.get(k);
            if (l != null && !l.unset()) {
                expected.set(k, l.value());
            } else if (o != null && (l == null || o.order().compareTo(l.order()) > 0)) {
                expected.set(k, o.value());
            }
        }
        if (expected.has("email")) {
            expected.put("email", "[redacted]");
        }
        assertThat(signal.get("properties")).as(ctx + " properties").isEqualTo(expected);
        if (consent == null) {
            assertThat(signal.at("/consent/capturedAt").isNull()).as(ctx).isTrue();
        } else {
            for (String f : new String[] {"analytics", "marketing", "personalization"}) {
                assertThat(signal.at("/consent/" + f))
                        .as(ctx + " consent " + f)
                        .isEqualTo(consent.value().get(f));
            }
            assertThat(signal.at("/consent/capturedAt").asText())
                    .as(ctx)
                    .isEqualTo(consent.order().at().toString());
        }
    }

    private static JsonNode consent(Map<?, ?> source) {
        ObjectNode n = JSON.createObjectNode();
        for (String f : new String[] {"analytics", "marketing", "personalization"}) {
            Object v = source.get(f);
            if (v instanceof Boolean b) {
                n.put(f, b);
            } else {
                n.putNull(f);
            }
        }
        return n;
    }

    private static void checkEvents(Api.ProjectFixture p, List<Ev> events, String ctx) {
        List<String> expected = events.stream()
                .sorted(Comparator.comparing(Ev::at).thenComparing(Ev::id).reversed())
                .map(Ev::id)
                .toList();
        List<String> actual = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = body(
                    Reads.get(p, "events:read", "/events?limit=" + 37 + (cursor != null ? "&cursor=" + cursor : ""))
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
            page.get("data").forEach(n -> actual.add(n.get("eventId").asText()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(actual).as(ctx + " /events").isEqualTo(expected);
    }

    private static void checkConversions(Api.ProjectFixture p, List<Ev> events, String ctx) {
        Map<String, BigDecimal[]> expected = new TreeMap<>();
        for (Ev e : events) {
            if (e.props() != null && e.props().get("revenue") instanceof Number r) {
                // The default window: the 30 UTC days ending today (an event up to 2 h ahead may fall on tomorrow).
                Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
                if (e.at().isBefore(today.minus(Duration.ofDays(29)))
                        || !e.at().isBefore(today.plus(Duration.ofDays(1)))) {
                    continue;
                }
                String day = e.at().atZone(ZoneOffset.UTC).toLocalDate().toString();
                String currency = e.props().get("currency") instanceof String c ? c : "XXX";
                BigDecimal[] sum = expected.computeIfAbsent(day + "|" + e.name() + "|" + currency, k ->
                        new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sum[0] = sum[0].add(BigDecimal.ONE);
                sum[1] = sum[1].add(BigDecimal.valueOf(r.doubleValue()));
            }
        }
        JsonNode report = body(Reads.get(p, "events:read", "/conversions")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        Map<String, BigDecimal[]> actual = new TreeMap<>();
        report.get("data")
                .forEach(n -> actual.put(
                        n.get("day").asText() + "|" + n.get("eventName").asText() + "|"
                                + n.get("currency").asText(),
                        new BigDecimal[] {
                            n.get("count").decimalValue(), n.get("revenue").decimalValue()
                        }));
        assertThat(actual.keySet()).as(ctx + " conversions").isEqualTo(expected.keySet());
        expected.forEach((k, v) -> {
            assertThat(actual.get(k)[0]).as(ctx + " count " + k).isEqualByComparingTo(v[0]);
            assertThat(actual.get(k)[1]).as(ctx + " revenue " + k).isEqualByComparingTo(v[1]);
        });
    }

    private static JsonNode body(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
