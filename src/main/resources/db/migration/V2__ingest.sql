-- Ingest: exact dedup, event storage, idempotency keys, rate-limit buckets.

-- Per-app ingest limits; NULL means the configured default (telemetry.ingest.rate-limit.*).
ALTER TABLE sdk_apps ADD COLUMN rate_limit_per_second integer, ADD COLUMN rate_limit_burst integer;

-- The dedup key, exact and without a time window (DESIGN.md). Kept apart from sdk_events because a unique key on a
-- partitioned table must contain the partition key, which would turn dedup into "per month". It is the only index
-- whose size grows with all history: 3 short texts and a timestamp per event.
-- Identifier columns use COLLATE "C": byte order, no locale rules. B-tree inserts and lookups on them cost about a
-- third less than under the database's default collation, and keyset cursors get a stable, locale-free order.
CREATE TABLE event_keys (
    project_id  text COLLATE "C" NOT NULL,
    sdk_app_id  text COLLATE "C" NOT NULL,
    event_id    text COLLATE "C" NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, sdk_app_id, event_id)
);

-- Events, range-partitioned by month of occurred_at:
--  * inserts land in the current month's partition, whose indexes stay small and hot, so the cost per event does
--    not grow with the table;
--  * old data is dropped by time with DROP/DETACH PARTITION (no DELETE, no vacuum debt);
--  * reads that filter on time (event listing, 30-day counts, conversions) prune to the partitions they need.
-- Backfill older than the oldest monthly partition lands in sdk_events_default.
CREATE TABLE sdk_events (
    project_id   text COLLATE "C" NOT NULL,
    sdk_app_id   text COLLATE "C" NOT NULL,
    event_id     text COLLATE "C" NOT NULL,
    name         text COLLATE "C" NOT NULL,
    app_user_id  text COLLATE "C",
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    properties   jsonb,
    context      jsonb,
    identity     jsonb,
    device_id    text COLLATE "C",
    revenue      numeric,
    currency     text,
    att_status   text,
    source       text NOT NULL
) PARTITION BY RANGE (occurred_at);

CREATE TABLE sdk_events_default PARTITION OF sdk_events DEFAULT;

-- User history and per-user reads (newest first).
CREATE INDEX sdk_events_user ON sdk_events (project_id, app_user_id, occurred_at DESC, event_id);
-- Project-wide listing by time, conversions.
CREATE INDEX sdk_events_time ON sdk_events (project_id, occurred_at, event_id);

-- Creates the monthly partitions from the month of `from_day` for `months` months; safe to call repeatedly.
CREATE FUNCTION ensure_sdk_events_partitions(from_day date, months integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', from_day)::date;
    name text;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        name := 'sdk_events_' || to_char(m, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF sdk_events FOR VALUES FROM (%L) TO (%L)',
                           name, m, (m + interval '1 month')::date);
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;

-- Last month through three months ahead; the service extends this daily (PartitionMaintenance).
SELECT ensure_sdk_events_partitions((now() - interval '1 month')::date, 5);

-- Idempotency-Key per batch, scoped to (key subject, project). status_code NULL while the original is in flight.
CREATE TABLE idempotency_keys (
    subject       text NOT NULL,
    project_id    text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status_code   integer,
    response_body text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, project_id, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Token buckets shared by every instance. UNLOGGED: a crash only refills buckets, and writes skip the WAL.
CREATE UNLOGGED TABLE rate_buckets (
    bucket     text PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Drops the monthly partitions that end on or before `cutoff` (retention by time: a DROP, not a DELETE).
CREATE FUNCTION drop_sdk_events_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'sdk_events'::regclass AND c.relname ~ '^sdk_events_\d{4}_\d{2}$'
           AND (to_date(substr(c.relname, 12), 'YYYY_MM') + interval '1 month')::date <= cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;
