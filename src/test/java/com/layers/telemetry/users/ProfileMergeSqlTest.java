package com.layers.telemetry.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.SqlArrays;
import com.layers.telemetry.event.EventOrder;
import com.layers.telemetry.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The database's merge functions (migration V4) against the rules stated in Java, on random inputs: the order token,
 * latest and earliest slot merges, and the 32-day activity merge, which must also agree in any order.
 */
@QuarkusTest
class ProfileMergeSqlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Random rnd = new Random(11);

    @Test
    void orderTokenIsBuiltAlikeInSqlAndJava() {
        for (int i = 0; i < 50; i++) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusNanos(1000L * rnd.nextInt(1_000_000_000));
            Instant received = at.plusNanos(1000L * rnd.nextInt(5_000_000));
            String id = "evt_" + Integer.toHexString(rnd.nextInt());
            Object sql = Db.rows(
                            "SELECT telemetry_order_token(?, ?, ?) AS t",
                            OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                            OffsetDateTime.ofInstant(received, ZoneOffset.UTC),
                            id)
                    .get(0)
                    .get("t");
            assertThat(sql).isEqualTo(new EventOrder(at, received, id).token());
        }
    }

    @Test
    void slotMergesKeepTheLatestAndTheEarliest() throws Exception {
        for (int i = 0; i < 60; i++) {
            ObjectNode cur = slots();
            ObjectNode inc = slots();
            assertThat(sqlMerge("telemetry_merge_latest", cur, inc)).isEqualTo(javaMerge(cur, inc, 1));
            assertThat(sqlMerge("telemetry_merge_earliest", cur, inc)).isEqualTo(javaMerge(cur, inc, -1));
        }
    }

    @Test
    void activityMergeIsOrderIndependentAndKeeps32Days() {
        LocalDate base = LocalDate.parse("2026-10-01");
        for (int i = 0; i < 40; i++) {
            int[][] parts = new int[4][];
            LocalDate[] days = new LocalDate[4];
            for (int p = 0; p < 4; p++) {
                days[p] = base.plusDays(rnd.nextInt(70));
                parts[p] = rnd.ints(1 + rnd.nextInt(4), 0, 5).toArray();
            }
            int[] expected = reference(days, parts);
            assertThat(sqlActivity(days, parts, new int[] {0, 1, 2, 3}))
                    .as("in order")
                    .isEqualTo(expected);
            assertThat(sqlActivity(days, parts, new int[] {3, 1, 0, 2}))
                    .as("shuffled")
                    .isEqualTo(expected);
        }
    }

    /** Counts newest day first for the 32 days ending on the newest day, as if every part were added at once. */
    private static int[] reference(LocalDate[] days, int[][] parts) {
        LocalDate newest = Arrays.stream(days).max(LocalDate::compareTo).orElseThrow();
        int[] out = new int[32];
        for (int p = 0; p < parts.length; p++) {
            for (int i = 0; i < parts[p].length; i++) {
                long back = newest.toEpochDay() - days[p].minusDays(i).toEpochDay();
                if (back < 32) {
                    out[(int) back] += parts[p][i];
                }
            }
        }
        return out;
    }

    private static int[] sqlActivity(LocalDate[] days, int[][] parts, int[] order) {
        LocalDate curDay = days[order[0]];
        int[] cur = parts[order[0]];
        for (int k = 1; k < order.length; k++) {
            int p = order[k];
            Object merged = Db.rows(
                            "SELECT telemetry_merge_activity(?, ?::int[], ?, ?::int[]) AS a",
                            curDay,
                            literal(cur),
                            days[p],
                            literal(parts[p]))
                    .get(0)
                    .get("a");
            cur = toInts(merged);
            curDay = curDay.isAfter(days[p]) ? curDay : days[p];
        }
        return Arrays.copyOf(cur, 32);
    }

    private ObjectNode slots() {
        ObjectNode out = JSON.createObjectNode();
        for (String key : new String[] {"a", "b", "c", "d"}) {
            if (rnd.nextBoolean()) {
                Instant at = Instant.parse("2026-11-20T10:00:00Z").plusSeconds(rnd.nextInt(3));
                ObjectNode slot = out.putObject(key);
                slot.put("v", rnd.nextInt(9)).put("o", new EventOrder(at, at, "e" + rnd.nextInt(3)).token());
            }
        }
        return out;
    }

    private static JsonNode sqlMerge(String function, ObjectNode cur, ObjectNode inc) throws Exception {
        Object v = Db.rows("SELECT " + function + "(?::jsonb, ?::jsonb)::text AS m", cur.toString(), inc.toString())
                .get(0)
                .get("m");
        return JSON.readTree((String) v);
    }

    private static JsonNode javaMerge(ObjectNode cur, ObjectNode inc, int winnerSign) {
        ObjectNode out = cur.deepCopy();
        inc.fields().forEachRemaining(f -> {
            JsonNode old = out.get(f.getKey());
            if (old == null
                    || Integer.signum(EventOrder.compareCodePoints(
                                    f.getValue().get("o").asText(), old.get("o").asText()))
                            == winnerSign) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    private static String literal(int[] values) {
        return SqlArrays.intLiteral(values);
    }

    private static int[] toInts(Object array) {
        try {
            Object[] values = (Object[]) ((Array) array).getArray();
            return Arrays.stream(values).mapToInt(v -> ((Number) v).intValue()).toArray();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
