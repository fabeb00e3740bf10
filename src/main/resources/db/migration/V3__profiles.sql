-- Live per-user state, maintained in the consumer's batch transaction from newly stored events only, so a
-- redelivered batch changes nothing. Every merge here is order-independent (min, max, sum, set union, last-write-wins
-- by a total order, earliest-wins by the same order): shuffled or duplicated streams converge to the same state.

CREATE TABLE user_profiles (
    project_id          text COLLATE "C" NOT NULL,
    app_user_id         text COLLATE "C" NOT NULL,
    first_seen          timestamptz NOT NULL,
    last_seen           timestamptz NOT NULL,
    event_count         bigint NOT NULL,
    device_ids          text[] COLLATE "C" NOT NULL,
    event_types         text[] COLLATE "C" NOT NULL,
    -- Latest consent snapshot by (occurred_at, received_at, event_id) of its event.
    consent             jsonb,
    consent_at          timestamptz,
    consent_received_at timestamptz,
    consent_event_id    text COLLATE "C",
    -- When this user's state last changed: the signal's refreshedAt.
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (project_id, app_user_id)
);
-- The user list: most recently seen first.
CREATE INDEX user_profiles_recent ON user_profiles (project_id, last_seen DESC, app_user_id);

-- One row per (user, property key), with two slots:
--   the last-write-wins slot ($set, identify, locale, email, phone, or $unset), ordered by (occurred_at, received_at,
--   event_id): a late or backfilled event never overwrites a newer value;
--   the $set_once slot, where the earliest by the same order wins.
-- The value read is the LWW slot's, unless it is an $unset older than the $set_once, or there is no LWW slot.
CREATE TABLE user_properties (
    project_id       text COLLATE "C" NOT NULL,
    app_user_id      text COLLATE "C" NOT NULL,
    key              text COLLATE "C" NOT NULL,
    value            jsonb,
    unset            boolean,
    occurred_at      timestamptz,
    received_at      timestamptz,
    event_id         text COLLATE "C",
    once_value       jsonb,
    once_occurred_at timestamptz,
    once_received_at timestamptz,
    once_event_id    text COLLATE "C",
    PRIMARY KEY (project_id, app_user_id, key)
);

-- Events per user per UTC day: eventCount30d reads whole days here and counts only the two edge days exactly.
CREATE TABLE user_daily_activity (
    project_id  text COLLATE "C" NOT NULL,
    app_user_id text COLLATE "C" NOT NULL,
    day         date NOT NULL,
    events      integer NOT NULL,
    PRIMARY KEY (project_id, app_user_id, day)
);

-- Users per project, so the user list's total costs one row read, not a count over 100,000 profiles.
CREATE TABLE project_user_counts (
    project_id text COLLATE "C" PRIMARY KEY,
    users      bigint NOT NULL
);

-- Revenue-carrying events per project, UTC day, event name and currency: GET /conversions.
CREATE TABLE conversion_daily (
    project_id text COLLATE "C" NOT NULL,
    day        date NOT NULL,
    name       text COLLATE "C" NOT NULL,
    currency   text COLLATE "C" NOT NULL,
    events     bigint NOT NULL,
    revenue    numeric NOT NULL,
    PRIMARY KEY (project_id, day, name, currency)
);
