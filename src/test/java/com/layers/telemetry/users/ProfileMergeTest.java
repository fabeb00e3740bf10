package com.layers.telemetry.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.event.EventOrder;
import com.layers.telemetry.event.EventValidator;
import com.layers.telemetry.event.EventValidatorTest;
import com.layers.telemetry.event.ReceivedEvent;
import com.layers.telemetry.userdata.ProfileProperties;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile merge rules in memory: a user's deltas, folded from any split of any order of the same events and
 * merged the way the database merges them (ProfileRepository: latest slot wins, earliest set-once wins, activity
 * added up), always give the same properties.
 */
@Tag("unit")
class ProfileMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator VALIDATOR = new EventValidator(JSON);
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static ReceivedEvent event(String id, int second, String name, String properties, String context)
            throws Exception {
        String json = "{\"eventId\":\"" + id + "\",\"name\":\"" + name + "\",\"occurredAt\":\"" + T.plusSeconds(second)
                + "\",\"appUserId\":\"u\"" + (properties == null ? "" : ",\"properties\":" + properties)
                + (context == null ? "" : ",\"context\":" + context) + "}";
        return new ReceivedEvent(
                "p",
                "a",
                T.plusSeconds(100),
                "kafka",
                EventValidatorTest.valid(VALIDATOR.validate(JSON.readTree(json), "e")));
    }

    /** The slots as storage receives them. */
    private static ObjectNode slots(Map<String, ProfileDelta.Slot> slots) {
        try {
            return (ObjectNode)
                    JSON.readTree(ProfileDelta.slotsJson(JSON, slots).getBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode view(List<ReceivedEvent> events) {
        ProfileDelta d = ProfileWriter.fold(events).values().iterator().next();
        return ProfileProperties.view(slots(d.latest), slots(d.earliest));
    }

    @Test
    void laterSetWinsWhateverTheArrivalOrder() throws Exception {
        ReceivedEvent early = event("e1", 1, "x", "{\"$set\":{\"plan\":\"free\"}}", null);
        ReceivedEvent late = event("e2", 2, "x", "{\"$set\":{\"plan\":\"pro\"}}", null);
        assertThat(view(List.of(early, late)).get("plan").asText()).isEqualTo("pro");
        assertThat(view(List.of(late, early)).get("plan").asText()).isEqualTo("pro");
    }

    @Test
    void setOnceKeepsTheEarliestAndAnUnsetAfterItRevealsIt() throws Exception {
        ReceivedEvent first = event("e1", 1, "x", "{\"$set_once\":{\"source\":\"ads\"}}", null);
        ReceivedEvent second = event("e2", 2, "x", "{\"$set_once\":{\"source\":\"organic\"}}", null);
        assertThat(view(List.of(second, first)).get("source").asText()).isEqualTo("ads");
        ReceivedEvent set = event("e0", 0, "x", "{\"$set\":{\"source\":\"manual\"}}", null);
        assertThat(view(List.of(first, set)).get("source").asText())
                .as("a set wins over set-once")
                .isEqualTo("manual");
        ReceivedEvent unsetBefore = event("e3", 0, "x", "{\"$unset\":[\"source\"]}", null);
        assertThat(view(List.of(first, unsetBefore)).get("source").asText())
                .as("set-once after the unset")
                .isEqualTo("ads");
        ReceivedEvent unsetAfter = event("e4", 5, "x", "{\"$unset\":[\"source\"]}", null);
        assertThat(view(List.of(first, unsetAfter)).has("source"))
                .as("unset after the set-once")
                .isFalse();
    }

    @Test
    void identifyLocaleAndIdentityFeedProperties() throws Exception {
        ReceivedEvent identify = event(
                "e1",
                1,
                "identify",
                "{\"tier\":\"gold\",\"$set\":{\"plan\":\"pro\"},\"adservices_token\":\"t\"}",
                "{\"locale\":\"de-DE\"}");
        ObjectNode v = view(List.of(identify));
        assertThat(v.get("tier").asText()).isEqualTo("gold");
        assertThat(v.get("plan").asText()).isEqualTo("pro");
        assertThat(v.get("locale").asText()).isEqualTo("de-DE");
        assertThat(v.has("adservices_token")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anySplitOfAnyOrderConverges(long seed) throws Exception {
        Random rnd = new Random(seed);
        String[] keys = {"plan", "tier", "color"};
        List<ReceivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = keys[rnd.nextInt(keys.length)];
            String op = switch (rnd.nextInt(3)) {
                case 0 -> "{\"$set\":{\"" + key + "\":" + rnd.nextInt(5) + "}}";
                case 1 -> "{\"$set_once\":{\"" + key + "\":" + rnd.nextInt(5) + "}}";
                default -> "{\"$unset\":[\"" + key + "\"]}";
            };
            events.add(event("e" + i, rnd.nextInt(10), "x", op, null));
        }
        ObjectNode expected = view(events);
        for (int round = 0; round < 20; round++) {
            List<ReceivedEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, rnd);
            Slots stored = new Slots();
            for (int from = 0; from < shuffled.size(); ) {
                int to = Math.min(shuffled.size(), from + 1 + rnd.nextInt(8));
                ProfileDelta d = ProfileWriter.fold(shuffled.subList(from, to))
                        .values()
                        .iterator()
                        .next();
                stored.merge(slots(d.latest), slots(d.earliest));
                from = to;
            }
            assertThat(ProfileProperties.view(stored.latest, stored.earliest)).isEqualTo(expected);
        }
    }

    @Test
    void activityCountsTheNewestDaysFirst() throws Exception {
        ProfileDelta d = ProfileWriter.fold(List.of(
                        event("e1", 0, "x", null, null),
                        event("e2", 86_400, "x", null, null),
                        event("e3", 86_401, "x", null, null)))
                .values()
                .iterator()
                .next();
        assertThat(d.newestDay()).isEqualTo(LocalDate.parse("2026-11-21"));
        assertThat(d.activity()).containsExactly(2, 1);
        assertThat(SignalRepository.activityBetween(
                        d.newestDay(),
                        new Integer[] {2, 1, 7},
                        LocalDate.parse("2026-11-18"),
                        LocalDate.parse("2026-11-21")))
                .as("days strictly between")
                .isEqualTo(1 + 7);
    }

    /** The database's merges (telemetry_merge_latest / _earliest), restated for the in-memory check. */
    private static final class Slots {
        final ObjectNode latest = JSON.createObjectNode();
        final ObjectNode earliest = JSON.createObjectNode();

        void merge(ObjectNode incLatest, ObjectNode incEarliest) {
            keep(latest, incLatest, 1);
            keep(earliest, incEarliest, -1);
        }

        private static void keep(ObjectNode cur, ObjectNode inc, int winnerSign) {
            for (Iterator<Map.Entry<String, JsonNode>> it = inc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode old = cur.get(f.getKey());
                if (old == null
                        || Integer.signum(EventOrder.compareCodePoints(
                                        f.getValue().get("o").asText(),
                                        old.get("o").asText()))
                                == winnerSign) {
                    cur.set(f.getKey(), f.getValue());
                }
            }
        }
    }
}
