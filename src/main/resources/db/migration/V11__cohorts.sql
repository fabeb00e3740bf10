-- Cohorts (README, Cohorts): rule-based segments kept live per user. Every key leads with project_id.
-- Ids compare by code point (COLLATE "C", as user_profiles): listings page in that order, and the materializer and
-- storage lock queue rows in it.
CREATE TABLE cohorts (
    project_id     text NOT NULL REFERENCES projects (id),
    cohort_id      text COLLATE "C" NOT NULL,
    name           text NOT NULL,
    rule           jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The last re-evaluation of every user (on create and on change): users queued up to then, their number.
    backfill_due   timestamptz NOT NULL,
    backfill_users bigint NOT NULL,
    PRIMARY KEY (project_id, cohort_id)
);

-- One row per user who ever entered: entered_at is the last entry, exited_at the exit after it (null while a
-- member). An erasure deletes the user's rows; deleting a cohort deletes its rows.
CREATE TABLE cohort_members (
    project_id  text NOT NULL,
    cohort_id   text COLLATE "C" NOT NULL,
    app_user_id text COLLATE "C" NOT NULL,
    entered_at  timestamptz NOT NULL,
    exited_at   timestamptz,
    PRIMARY KEY (project_id, cohort_id, app_user_id),
    FOREIGN KEY (project_id, cohort_id) REFERENCES cohorts (project_id, cohort_id) ON DELETE CASCADE
);
-- The signal's cohorts and a user's exits.
CREATE INDEX cohort_members_user ON cohort_members (project_id, app_user_id) WHERE exited_at IS NULL;

-- Users to evaluate again: marked by storage (due at once), by a cohort change (all users), by a privacy request,
-- or at the next instant a time window may change their membership. A worker leases a row while it evaluates; any
-- mark meanwhile bumps version, so the worker's outcome does not clear it.
CREATE TABLE cohort_queue (
    project_id   text NOT NULL,
    app_user_id  text COLLATE "C" NOT NULL,
    due_at       timestamptz NOT NULL,
    version      bigint NOT NULL DEFAULT 0,
    leased_until timestamptz,
    PRIMARY KEY (project_id, app_user_id)
);
CREATE INDEX cohort_queue_due ON cohort_queue (due_at);
