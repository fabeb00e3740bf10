-- Storage throughput (issue #8): a user's whole live state is one row, written once per user per batch.
--  * properties and $set_once values move from one row per (user, key) into two jsonb documents on the profile,
--    merged key by key in SQL with the same order-independent rules (last write wins / earliest wins by
--    (occurredAt, receivedAt, eventId));
--  * the daily rollup moves into a 32-day array on the profile (all eventCount30d needs);
--  * the per-project user count is split into lanes, one per concurrent storage transaction, so concurrent batches
--    never wait on one hot row.

-- (occurredAt, receivedAt, eventId) as one string whose byte order ("C" collation) is the event order: both instants
-- as 16 hex digits of microseconds since 1970 (events are validated to be after 1970), then the id.
CREATE FUNCTION telemetry_order_token(occurred_at timestamptz, received_at timestamptz, event_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lpad(to_hex((extract(epoch FROM occurred_at) * 1000000)::bigint), 16, '0')
        || lpad(to_hex((extract(epoch FROM received_at) * 1000000)::bigint), 16, '0') || event_id
$$;

-- Slots are {"key": {"v": value, "o": token}} (or {"u": true, "o": token} for an $unset). Per key, the slot with the
-- greater token wins: a late or backfilled event never overwrites a newer value, and any delivery order converges.
CREATE FUNCTION telemetry_merge_latest(cur jsonb, inc jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN inc = '{}' THEN cur WHEN cur = '{}' THEN inc ELSE
        cur || coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(inc) e
                          WHERE (e.value ->> 'o') COLLATE "C" > coalesce(cur -> e.key ->> 'o', '') COLLATE "C"), '{}')
    END
$$;

-- $set_once: per key, the slot with the smaller token (the earliest event) wins.
CREATE FUNCTION telemetry_merge_earliest(cur jsonb, inc jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN inc = '{}' THEN cur WHEN cur = '{}' THEN inc ELSE
        cur || coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(inc) e
                          WHERE NOT cur ? e.key OR (e.value ->> 'o') COLLATE "C" < (cur -> e.key ->> 'o') COLLATE "C"), '{}')
    END
$$;

-- Events per UTC day, newest day first: counts[i] is the count of day (newest - i + 1), at most 32 days. Merging
-- aligns both arrays on the newer day and adds them; days falling off the 32-day window are dropped, which every
-- order of merges agrees on because the newest day only grows.
CREATE FUNCTION telemetry_merge_activity_any(cur_day date, cur int[], inc_day date, inc int[]) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN cur IS NULL THEN inc
        WHEN inc_day >= cur_day THEN ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
            FROM unnest(inc, (array_fill(0, ARRAY[LEAST(32, inc_day - cur_day)]) || cur)[1:32]) AS t(a, b))
        ELSE ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
            FROM unnest(cur, (array_fill(0, ARRAY[LEAST(32, cur_day - inc_day)]) || inc)[1:32]) AS t(a, b))
    END
$$;

-- The same, with the two cases live traffic almost always hits (events of the newest day, or of the next day)
-- written as plain array arithmetic, which PostgreSQL inlines: a tenth of the cost of the general merge.
CREATE FUNCTION telemetry_merge_activity(cur_day date, cur int[], inc_day date, inc int[]) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN cur IS NOT NULL AND cardinality(inc) = 1 AND inc_day = cur_day THEN (cur[1] + inc[1]) || cur[2:]
        WHEN cur IS NOT NULL AND cardinality(inc) = 1 AND inc_day = cur_day + 1 THEN inc[1] || cur[1:31]
        ELSE telemetry_merge_activity_any(cur_day, cur, inc_day, inc)
    END
$$;

ALTER TABLE user_profiles
    ADD COLUMN props jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN props_once jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN activity_day date,
    ADD COLUMN activity int[];

UPDATE user_profiles u SET props = p.props, props_once = p.once
  FROM (SELECT project_id, app_user_id,
               coalesce(jsonb_object_agg(key, CASE WHEN unset
                            THEN jsonb_build_object('u', true, 'o', telemetry_order_token(occurred_at, received_at, event_id))
                            ELSE jsonb_build_object('v', value, 'o', telemetry_order_token(occurred_at, received_at, event_id)) END)
                        FILTER (WHERE occurred_at IS NOT NULL), '{}') AS props,
               coalesce(jsonb_object_agg(key, jsonb_build_object('v', once_value,
                            'o', telemetry_order_token(once_occurred_at, once_received_at, once_event_id)))
                        FILTER (WHERE once_occurred_at IS NOT NULL), '{}') AS once
          FROM user_properties GROUP BY project_id, app_user_id) p
 WHERE u.project_id = p.project_id AND u.app_user_id = p.app_user_id;

UPDATE user_profiles u SET activity_day = a.newest, activity = a.counts
  FROM (SELECT n.project_id, n.app_user_id, n.newest, array_agg(coalesce(d.events, 0) ORDER BY g) AS counts
          FROM (SELECT project_id, app_user_id, max(day) AS newest FROM user_daily_activity GROUP BY 1, 2) n
          CROSS JOIN generate_series(0, 31) g
          LEFT JOIN user_daily_activity d
                 ON d.project_id = n.project_id AND d.app_user_id = n.app_user_id AND d.day = n.newest - g
         GROUP BY n.project_id, n.app_user_id, n.newest) a
 WHERE u.project_id = a.project_id AND u.app_user_id = a.app_user_id;

DROP TABLE user_properties, user_daily_activity;

ALTER TABLE project_user_counts ADD COLUMN lane integer NOT NULL DEFAULT 0;
ALTER TABLE project_user_counts DROP CONSTRAINT project_user_counts_pkey;
ALTER TABLE project_user_counts ADD PRIMARY KEY (project_id, lane);

-- The conversions rollup gets lanes too: every batch with a purchase touched the same (project, day, name, currency)
-- row, so concurrent storage transactions queued on it. Reads sum the lanes.
ALTER TABLE conversion_daily ADD COLUMN lane integer NOT NULL DEFAULT 0;
ALTER TABLE conversion_daily DROP CONSTRAINT conversion_daily_pkey;
ALTER TABLE conversion_daily ADD PRIMARY KEY (project_id, day, name, currency, lane);

-- Profile updates become heap-only (HOT): no index covers a column that changes with every event any more, and
-- pages keep room for the new row version. The user list's "most recently seen first" index moves from last_seen
-- (which every event changes, so every update rewrote two index entries) to last_seen's 10-minute slot, which
-- changes at most once per 10 minutes per user; the list sorts by exact last_seen within a slot (an incremental sort
-- over the users active in the newest slots only).
DROP INDEX user_profiles_recent;
ALTER TABLE user_profiles SET (fillfactor = 70),
    ADD COLUMN last_seen_slot timestamptz
        GENERATED ALWAYS AS (date_bin('10 minutes', last_seen, timestamptz '2000-01-01 00:00:00+00')) STORED;
CREATE INDEX user_profiles_recent ON user_profiles (project_id, last_seen_slot DESC);
