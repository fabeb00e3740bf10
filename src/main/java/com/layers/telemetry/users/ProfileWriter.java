package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.UnnestColumns;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.EventOrder;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds a batch's newly stored events into per-user state inside the batch's transaction: the batch is first
 * reduced in memory to one row per key, then written with one set-based upsert per table (four statements per batch,
 * whatever its size). Rows go in primary-key order, so concurrent partitions' transactions never deadlock.
 */
@ApplicationScoped
public class ProfileWriter implements NewEventsWriter {
    private static final String PROFILES = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int8[], $6::text[],
                                     $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[])
                    AS t(project_id, app_user_id, first_seen, last_seen, event_count, device_ids, event_types, consent,
                         consent_at, consent_received_at, consent_event_id)
            ), up AS (
                INSERT INTO user_profiles AS u (project_id, app_user_id, first_seen, last_seen, event_count, device_ids,
                                                event_types, consent, consent_at, consent_received_at, consent_event_id,
                                                updated_at)
                SELECT project_id, app_user_id, first_seen, last_seen, event_count,
                       ARRAY(SELECT jsonb_array_elements_text(device_ids::jsonb)),
                       ARRAY(SELECT jsonb_array_elements_text(event_types::jsonb)),
                       consent::jsonb, consent_at, consent_received_at, consent_event_id, clock_timestamp()
                  FROM input
                ON CONFLICT (project_id, app_user_id) DO UPDATE SET
                    first_seen = LEAST(u.first_seen, EXCLUDED.first_seen),
                    last_seen = GREATEST(u.last_seen, EXCLUDED.last_seen),
                    event_count = u.event_count + EXCLUDED.event_count,
                    device_ids = CASE WHEN EXCLUDED.device_ids <@ u.device_ids THEN u.device_ids
                        ELSE ARRAY(SELECT DISTINCT d FROM unnest(u.device_ids || EXCLUDED.device_ids) d ORDER BY d) END,
                    event_types = CASE WHEN EXCLUDED.event_types <@ u.event_types THEN u.event_types
                        ELSE ARRAY(SELECT DISTINCT t FROM unnest(u.event_types || EXCLUDED.event_types) t ORDER BY t) END,
                    consent = CASE WHEN %1$s THEN EXCLUDED.consent ELSE u.consent END,
                    consent_at = CASE WHEN %1$s THEN EXCLUDED.consent_at ELSE u.consent_at END,
                    consent_received_at = CASE WHEN %1$s THEN EXCLUDED.consent_received_at ELSE u.consent_received_at END,
                    consent_event_id = CASE WHEN %1$s THEN EXCLUDED.consent_event_id ELSE u.consent_event_id END,
                    updated_at = clock_timestamp()
                RETURNING project_id, (xmax = 0) AS inserted
            )
            INSERT INTO project_user_counts AS c (project_id, users)
            SELECT project_id, count(*) FROM up WHERE inserted GROUP BY project_id
            ON CONFLICT (project_id) DO UPDATE SET users = c.users + EXCLUDED.users""".formatted("""
            (EXCLUDED.consent_at IS NOT NULL AND (u.consent_at IS NULL OR (EXCLUDED.consent_at, \
            EXCLUDED.consent_received_at, EXCLUDED.consent_event_id) > (u.consent_at, u.consent_received_at, \
            u.consent_event_id)))""");

    private static final String LWW = """
            INSERT INTO user_properties AS p (project_id, app_user_id, key, value, unset, occurred_at, received_at, event_id)
            SELECT project_id, app_user_id, key, value::jsonb, unset, occurred_at, received_at, event_id
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::timestamptz[],
                          $7::timestamptz[], $8::text[])
                AS t(project_id, app_user_id, key, value, unset, occurred_at, received_at, event_id)
            ON CONFLICT (project_id, app_user_id, key) DO UPDATE SET
                value = EXCLUDED.value, unset = EXCLUDED.unset, occurred_at = EXCLUDED.occurred_at,
                received_at = EXCLUDED.received_at, event_id = EXCLUDED.event_id
             WHERE p.occurred_at IS NULL
                OR (EXCLUDED.occurred_at, EXCLUDED.received_at, EXCLUDED.event_id) > (p.occurred_at, p.received_at, p.event_id)""";

    private static final String ONCE = """
            INSERT INTO user_properties AS p (project_id, app_user_id, key, once_value, once_occurred_at,
                                              once_received_at, once_event_id)
            SELECT project_id, app_user_id, key, value::jsonb, occurred_at, received_at, event_id
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
                AS t(project_id, app_user_id, key, value, occurred_at, received_at, event_id)
            ON CONFLICT (project_id, app_user_id, key) DO UPDATE SET
                once_value = EXCLUDED.once_value, once_occurred_at = EXCLUDED.once_occurred_at,
                once_received_at = EXCLUDED.once_received_at, once_event_id = EXCLUDED.once_event_id
             WHERE p.once_occurred_at IS NULL
                OR (EXCLUDED.once_occurred_at, EXCLUDED.once_received_at, EXCLUDED.once_event_id)
                 < (p.once_occurred_at, p.once_received_at, p.once_event_id)""";

    private static final String DAILY = """
            INSERT INTO user_daily_activity AS d (project_id, app_user_id, day, events)
            SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int4[])
            ON CONFLICT (project_id, app_user_id, day) DO UPDATE SET events = d.events + EXCLUDED.events""";

    private final ObjectMapper mapper;

    public ProfileWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private record UserKey(String projectId, String appUserId) implements Comparable<UserKey> {
        @Override
        public int compareTo(UserKey o) {
            int c = projectId.compareTo(o.projectId);
            return c != 0 ? c : appUserId.compareTo(o.appUserId);
        }
    }

    private record PropKey(UserKey user, String key) implements Comparable<PropKey> {
        @Override
        public int compareTo(PropKey o) {
            int c = user.compareTo(o.user);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private record DayKey(UserKey user, LocalDate day) implements Comparable<DayKey> {
        @Override
        public int compareTo(DayKey o) {
            int c = user.compareTo(o.user);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    private record Op(JsonNode value, boolean unset, EventOrder order) {
    }

    private static final class UserState {
        Instant first;
        Instant last;
        long count;
        final TreeSet<String> devices = new TreeSet<>();
        final TreeSet<String> types = new TreeSet<>();
        JsonNode consent;
        EventOrder consentOrder;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Uni<Void> write(SqlConnection conn, NewEvents fresh) {
        TreeMap<UserKey, UserState> users = new TreeMap<>();
        TreeMap<PropKey, Op> lww = new TreeMap<>();
        TreeMap<PropKey, Op> once = new TreeMap<>();
        TreeMap<DayKey, Integer> daily = new TreeMap<>();
        for (ReceivedEvent in : fresh.events()) {
            Event e = in.event();
            LocalDate day = e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
            if (e.appUserId() == null) {
                continue;
            }
            UserKey user = new UserKey(in.projectId(), e.appUserId());
            EventOrder order = in.order();
            UserState s = users.computeIfAbsent(user, k -> new UserState());
            s.first = s.first == null || e.occurredAt().isBefore(s.first) ? e.occurredAt() : s.first;
            s.last = s.last == null || e.occurredAt().isAfter(s.last) ? e.occurredAt() : s.last;
            s.count++;
            if (e.deviceId() != null) {
                s.devices.add(e.deviceId());
            }
            s.types.add(e.name());
            daily.merge(new DayKey(user, day), 1, Integer::sum);

            PropertyOps ops = PropertyOps.of(e);
            if (ops.consent() != null && (s.consentOrder == null || order.compareTo(s.consentOrder) > 0)) {
                s.consent = ops.consent();
                s.consentOrder = order;
            }
            ops.sets().forEach((k, v) -> lww.merge(new PropKey(user, k), new Op(v, false, order), ProfileWriter::later));
            ops.unsets().forEach(k -> lww.merge(new PropKey(user, k), new Op(null, true, order), ProfileWriter::later));
            ops.setOnce().forEach((k, v) -> once.merge(new PropKey(user, k), new Op(v, false, order), ProfileWriter::earlier));
        }
        return profiles(conn, users)
                .chain(() -> lww(conn, lww))
                .chain(() -> once(conn, once))
                .chain(() -> daily(conn, daily));
    }

    private static Op later(Op a, Op b) {
        return a.order().compareTo(b.order()) >= 0 ? a : b;
    }

    private static Op earlier(Op a, Op b) {
        return a.order().compareTo(b.order()) <= 0 ? a : b;
    }

    private Uni<Void> profiles(SqlConnection conn, TreeMap<UserKey, UserState> users) {
        UnnestColumns rows = new UnnestColumns(users.size(), String.class, String.class, OffsetDateTime.class,
                OffsetDateTime.class, Long.class, String.class, String.class, String.class, OffsetDateTime.class,
                OffsetDateTime.class, String.class);
        users.forEach((user, s) -> {
            EventOrder c = s.consentOrder;
            rows.add(user.projectId(), user.appUserId(), Timestamps.utc(s.first), Timestamps.utc(s.last), s.count,
                    Jsonb.text(mapper, mapper.valueToTree(s.devices)), Jsonb.text(mapper, mapper.valueToTree(s.types)),
                    c == null ? null : Jsonb.text(mapper, s.consent), c == null ? null : Timestamps.utc(c.occurredAt()),
                    c == null ? null : Timestamps.utc(c.receivedAt()), c == null ? null : c.eventId());
        });
        return execute(conn, PROFILES, users.isEmpty(), rows);
    }

    private Uni<Void> lww(SqlConnection conn, TreeMap<PropKey, Op> ops) {
        UnnestColumns rows = new UnnestColumns(ops.size(), String.class, String.class, String.class, String.class,
                Boolean.class, OffsetDateTime.class, OffsetDateTime.class, String.class);
        ops.forEach((k, op) -> rows.add(k.user().projectId(), k.user().appUserId(), k.key(),
                op.unset() ? null : Jsonb.text(mapper, op.value()), op.unset(), Timestamps.utc(op.order().occurredAt()),
                Timestamps.utc(op.order().receivedAt()), op.order().eventId()));
        return execute(conn, LWW, ops.isEmpty(), rows);
    }

    private Uni<Void> once(SqlConnection conn, TreeMap<PropKey, Op> ops) {
        UnnestColumns rows = new UnnestColumns(ops.size(), String.class, String.class, String.class, String.class,
                OffsetDateTime.class, OffsetDateTime.class, String.class);
        ops.forEach((k, op) -> rows.add(k.user().projectId(), k.user().appUserId(), k.key(), Jsonb.text(mapper, op.value()),
                Timestamps.utc(op.order().occurredAt()), Timestamps.utc(op.order().receivedAt()), op.order().eventId()));
        return execute(conn, ONCE, ops.isEmpty(), rows);
    }

    private Uni<Void> daily(SqlConnection conn, TreeMap<DayKey, Integer> days) {
        UnnestColumns rows = new UnnestColumns(days.size(), String.class, String.class, LocalDate.class, Integer.class);
        days.forEach((k, n) -> rows.add(k.user().projectId(), k.user().appUserId(), k.day(), n));
        return execute(conn, DAILY, days.isEmpty(), rows);
    }

    private static Uni<Void> execute(SqlConnection conn, String sql, boolean empty, UnnestColumns rows) {
        return empty ? Uni.createFrom().voidItem() : conn.preparedQuery(sql).execute(rows.tuple()).replaceWithVoid();
    }


}
