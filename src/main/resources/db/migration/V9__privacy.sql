-- Privacy (README, Privacy): erasure and suppression requests, the suppression list, and the erasure ledger. A user
-- appears here only as a keyed hash (HMAC-SHA256 under PRIVACY_HASH_KEY of project id, NUL, app user id), except in a
-- request still being worked, whose ids in clear are what the erasure looks for; completion clears them.

-- Every request, newest first per project. Worked off the request path by any instance: a worker leases a request
-- (lease_until), erases in chunks, sweeps once more after the settle delay (due_at) and completes it.
CREATE TABLE privacy_requests (
    project_id   text COLLATE "C" NOT NULL,
    request_id   text COLLATE "C" NOT NULL,
    type         text NOT NULL CHECK (type IN ('delete', 'suppress', 'suppress_and_delete', 'unsuppress')),
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed')),
    user_count   integer NOT NULL,
    -- The ids in clear, until completion.
    app_user_ids text[] COLLATE "C",
    user_hashes  bytea[] NOT NULL,
    -- Rows erased so far, by kind ({"events": 120, "profiles": 1, ...}).
    erased       jsonb NOT NULL DEFAULT '{}',
    due_at       timestamptz NOT NULL,
    lease_until  timestamptz,
    swept_at     timestamptz,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (project_id, request_id)
);
CREATE INDEX privacy_requests_due ON privacy_requests (due_at) WHERE status <> 'completed';
CREATE INDEX privacy_requests_recent ON privacy_requests (project_id, created_at DESC, request_id DESC);

-- Suppressed users: nothing of theirs is stored, relayed or exchanged while their row is here.
CREATE TABLE privacy_suppressions (
    project_id text COLLATE "C" NOT NULL,
    user_hash  bytea NOT NULL,
    since      timestamptz NOT NULL,
    PRIMARY KEY (project_id, user_hash)
);

-- Erased users: an event of theirs received before erase_before is never stored (it was accepted before the request,
-- so the request covers it), however late it leaves Kafka.
CREATE TABLE privacy_erasures (
    project_id   text COLLATE "C" NOT NULL,
    user_hash    bytea NOT NULL,
    erase_before timestamptz NOT NULL,
    PRIMARY KEY (project_id, user_hash)
);

-- Bumped with every change to a project's suppressions or erasures: every instance polls this small table and reloads
-- a project's lists when its version moved.
CREATE TABLE privacy_versions (
    project_id text COLLATE "C" PRIMARY KEY,
    version    bigint NOT NULL
);

-- Dead letters kept in the database, parsed when possible (NULL otherwise), so an erasure finds a user's records.
CREATE FUNCTION telemetry_try_jsonb(value bytea) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN convert_from(value, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
