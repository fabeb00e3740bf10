-- Per-user reads (the signal, a user's history, cohort evaluation) are planned on the planner's idea of how many events
-- a project has. By default a month partition is analyzed again only after 10 % of it changed: in a large month a
-- project that started since looks empty, and its per-user reads pick the project's time index and scan every event of
-- the project (the cohort benchmark found a round of 500 users taking minutes). Analyze after 1 % of a partition, or of
-- the profiles, changed (at least 20,000 rows), so a new project is known within about a minute.
CREATE OR REPLACE FUNCTION ensure_sdk_events_partitions(from_day date, months integer) RETURNS void
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
            EXECUTE format('ALTER TABLE %I SET (autovacuum_analyze_scale_factor = 0.01, '
                           'autovacuum_analyze_threshold = 20000)', name);
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;

DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sdk_events'::regclass LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_analyze_scale_factor = 0.01, '
                       'autovacuum_analyze_threshold = 20000)', part);
    END LOOP;
END $$;

ALTER TABLE user_profiles SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 20000);
