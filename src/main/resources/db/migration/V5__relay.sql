-- Conversions relay (Meta Conversions API, TikTok Events API): destinations per SDK app, an outbox written in the
-- storage transaction, and the record of every delivery and attempt.

-- A destination of an SDK app. The access token is encrypted at rest (AES-GCM, key from configuration, the row's
-- identity as associated data) and never leaves the service except in the platform's own request.
CREATE TABLE relay_destinations (
    project_id       text COLLATE "C" NOT NULL,
    sdk_app_id       text COLLATE "C" NOT NULL,
    destination      text NOT NULL CHECK (destination IN ('meta', 'tiktok')),
    -- Meta: the pixel (dataset) id; TikTok: the event source id (the TikTok App ID).
    target_id        text NOT NULL,
    access_token     bytea NOT NULL,
    test_event_code  text,
    -- TikTok: the app's store id sent as app.app_id (optional).
    store_app_id     text,
    enabled          boolean NOT NULL DEFAULT true,
    -- Overrides of the default event-name mapping: {"our_name": "PlatformName"}, or null to never send that name.
    event_mapping    jsonb NOT NULL DEFAULT '{}',
    -- Send names that no mapping covers as they are (custom events), instead of skipping them as not_mapped.
    forward_unmapped boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, sdk_app_id, destination),
    FOREIGN KEY (project_id, sdk_app_id) REFERENCES sdk_apps (project_id, id)
);

-- The outbox: one row per (SDK app, destination, storage batch), listing that batch's new events for the
-- destination in dedup-key order, each with the reason it will not be sent (too_old, consent, not_mapped) or NULL.
-- One row per batch and destination instead of one per event keeps the storage transaction's cost flat; the relay
-- workers turn each row into per-event delivery records. Rows left after a failed attempt carry the events still to
-- retry and when.
CREATE TABLE relay_outbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   text COLLATE "C" NOT NULL,
    sdk_app_id   text COLLATE "C" NOT NULL,
    destination  text NOT NULL,
    event_ids    text[] COLLATE "C" NOT NULL,
    occurred_ats timestamptz[] NOT NULL,
    reasons      text[] NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    -- Attempts made so far for these events (relay_attempts.id), for the deliveries view.
    attempt_ids  bigint[] NOT NULL DEFAULT '{}',
    due_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX relay_outbox_due ON relay_outbox (due_at, id);
CREATE INDEX relay_outbox_project ON relay_outbox (project_id);

-- Every request made to a platform (or recorded by the stub sender), with what came back.
CREATE TABLE relay_attempts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     text COLLATE "C" NOT NULL,
    sdk_app_id     text COLLATE "C" NOT NULL,
    destination    text NOT NULL,
    attempted_at   timestamptz NOT NULL,
    event_count    integer NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    http_status    integer,
    platform_code  text,
    message        text,
    trace_id       text,
    duration_ms    integer,
    -- The exact request the stub sender would have sent (URL and headers with secrets masked, body); NULL for real sends.
    request        jsonb
);
CREATE INDEX relay_attempts_project ON relay_attempts (project_id, attempted_at);

-- The outcome per event and destination once known: sent (at most once: the primary key), failed (final error or
-- attempts exhausted) or skipped (with its reason). Events still to send are in relay_outbox.
CREATE TABLE relay_deliveries (
    project_id   text COLLATE "C" NOT NULL,
    sdk_app_id   text COLLATE "C" NOT NULL,
    event_id     text COLLATE "C" NOT NULL,
    destination  text NOT NULL,
    status       text NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),
    reason       text,
    attempt_ids  bigint[] NOT NULL DEFAULT '{}',
    received_at  timestamptz,
    decided_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (project_id, sdk_app_id, event_id, destination)
);
CREATE INDEX relay_deliveries_event ON relay_deliveries (project_id, event_id);
