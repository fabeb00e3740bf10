package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.SqlArrays;
import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.SortedMap;

/**
 * Merges a batch's profile deltas into {@code user_profiles} in one statement: one row per user, whatever the
 * number of events, properties or days, with the order-independent merge functions of migration V4. Users seen for
 * the first time are counted into the batch's lane of {@code project_user_counts} in the same statement.
 */
@ApplicationScoped
class ProfileRepository {
    private static final String CONSENT_IS_NEWER = """
            (EXCLUDED.consent_at IS NOT NULL AND (u.consent_at IS NULL OR (EXCLUDED.consent_at, EXCLUDED.consent_received_at,
             EXCLUDED.consent_event_id) > (u.consent_at, u.consent_received_at, u.consent_event_id)))""";
    /**
     * Every incoming event is later than every stored one (order tokens start with occurredAt), so every incoming
     * slot is the newest of its key: the merges reduce to a jsonb concatenation. In-order traffic always takes this
     * path; late, backfilled or same-instant events take the general, key-by-key merge.
     */
    private static final String ALL_LATER = "EXCLUDED.first_seen > u.last_seen";

    private static final String UPSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int8[], $6::text[],
                                     $7::text[], $8::bytea[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::bytea[],
                                     $13::bytea[], $14::date[], $15::text[])
                    AS t(project_id, app_user_id, first_seen, last_seen, event_count, device_ids, event_types, consent,
                         consent_at, consent_received_at, consent_event_id, props, props_once, activity_day, activity)
            ), up AS (
                INSERT INTO user_profiles AS u (project_id, app_user_id, first_seen, last_seen, event_count, device_ids,
                                                event_types, consent, consent_at, consent_received_at, consent_event_id,
                                                props, props_once, activity_day, activity, updated_at)
                SELECT project_id, app_user_id, first_seen, last_seen, event_count,
                       device_ids::text[], event_types::text[],
                       convert_from(consent, 'UTF8')::jsonb, consent_at, consent_received_at, consent_event_id,
                       convert_from(props, 'UTF8')::jsonb, convert_from(props_once, 'UTF8')::jsonb,
                       activity_day, activity::int[], clock_timestamp()
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
                    props = CASE WHEN %2$s THEN u.props || EXCLUDED.props
                        ELSE telemetry_merge_latest(u.props, EXCLUDED.props) END,
                    props_once = CASE WHEN %2$s THEN EXCLUDED.props_once || u.props_once
                        ELSE telemetry_merge_earliest(u.props_once, EXCLUDED.props_once) END,
                    activity = telemetry_merge_activity(u.activity_day, u.activity, EXCLUDED.activity_day, EXCLUDED.activity),
                    activity_day = GREATEST(u.activity_day, EXCLUDED.activity_day),
                    updated_at = clock_timestamp()
                RETURNING project_id, (xmax = 0) AS inserted
            )
            INSERT INTO project_user_counts AS c (project_id, lane, users)
            SELECT project_id, $16, count(*) FROM up WHERE inserted GROUP BY project_id
            ON CONFLICT (project_id, lane) DO UPDATE SET users = c.users + EXCLUDED.users""".formatted(CONSENT_IS_NEWER, ALL_LATER);

    private final ObjectMapper mapper;

    ProfileRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Users in primary-key order, so concurrent batches lock profile rows in one order and never deadlock. */
    SqlStatement merge(SortedMap<UserKey, ProfileDelta> users, int lane) {
        UnnestColumns rows = new UnnestColumns(
                users.size(),
                String.class,
                String.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                Long.class,
                String.class,
                String.class,
                Buffer.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                String.class,
                Buffer.class,
                Buffer.class,
                LocalDate.class,
                String.class);
        users.forEach((user, d) -> {
            boolean consent = d.consentOrder != null;
            rows.add(
                    user.projectId(),
                    user.appUserId(),
                    Timestamps.utc(d.firstSeen),
                    Timestamps.utc(d.lastSeen),
                    d.events,
                    SqlArrays.textLiteral(d.deviceIds()),
                    SqlArrays.textLiteral(d.eventTypes()),
                    consent ? Jsonb.bytes(mapper, d.consent) : null,
                    consent ? Timestamps.utc(d.consentOrder.occurredAt()) : null,
                    consent ? Timestamps.utc(d.consentOrder.receivedAt()) : null,
                    consent ? d.consentOrder.eventId() : null,
                    ProfileDelta.slotsJson(mapper, d.latest),
                    ProfileDelta.slotsJson(mapper, d.earliest),
                    d.newestDay(),
                    SqlArrays.intLiteral(d.activity()));
        });
        return new SqlStatement(UPSERT, rows.tuple().addInteger(lane));
    }
}
