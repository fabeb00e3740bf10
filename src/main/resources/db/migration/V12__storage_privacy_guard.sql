-- Storage decides which events to withhold from the suppression and erasure lists it holds in memory, reloaded within
-- privacy.refresh of a change. The guard closes that gap: a storage statement whose lists are older than a project's
-- privacy_versions row fails with SQLSTATE TLPRV, and storage reloads the lists and stores the batch again.
CREATE FUNCTION telemetry_privacy_moved(project_id text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'privacy lists of project % changed since they were loaded', project_id USING ERRCODE = 'TLPRV';
END $$;
