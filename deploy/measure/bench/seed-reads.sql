-- Read-benchmark dataset, loaded set-based straight into the tables (the ingest path would take ~17 min here):
-- 100,000 users, 10,000,000 events over the last 60 days in project prj_readbench, and the profiles, daily
-- state (properties, daily activity) and user count the consumer would have built from them. event_keys (dedup) is not filled.
-- Run by deploy/measure/bench/reads.sh --seed; psql variables users and events scale it.
\set ON_ERROR_STOP on
INSERT INTO projects (id, name) VALUES ('prj_readbench', 'Read benchmark') ON CONFLICT DO NOTHING;
INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_readbench', 'app_rb', 'Read bench', 'ios')
    ON CONFLICT DO NOTHING;
DELETE FROM sdk_events WHERE project_id = 'prj_readbench';
DELETE FROM user_profiles WHERE project_id = 'prj_readbench';
DELETE FROM project_user_counts WHERE project_id = 'prj_readbench';
SELECT ensure_sdk_events_partitions((now() - interval '70 days')::date, 6);

INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, app_user_id, occurred_at, received_at, properties,
                        device_id, source)
SELECT 'prj_readbench', 'app_rb', 'seed-' || g,
       (ARRAY['app_open', 'screen_view', 'tap', 'paywall_open', 'Purchase'])[1 + g % 5],
       'user_' || (g % :users),
       now() - random() * interval '60 days', now(),
       jsonb_build_object('screen', 'paywall_v3', 'campaign_id', 'camp_' || (g % 40), 'paywall_id', 'pw_main'),
       'dev-' || (g % :users), 'seed'
  FROM generate_series(1, :events) g;

-- Profiles as the consumer builds them: five properties, and the daily activity of the 32 days up to the newest.
WITH daily AS (
    SELECT app_user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
      FROM sdk_events WHERE project_id = 'prj_readbench' GROUP BY 1, 2
), newest AS (
    SELECT app_user_id, max(day) AS day FROM daily GROUP BY 1
), activity AS (
    SELECT w.app_user_id, w.day, array_agg(coalesce(d.n, 0) ORDER BY g) AS counts
      FROM newest w CROSS JOIN generate_series(0, 31) g
      LEFT JOIN daily d ON d.app_user_id = w.app_user_id AND d.day = w.day - g
     GROUP BY 1, 2
)
INSERT INTO user_profiles (project_id, app_user_id, first_seen, last_seen, event_count, device_ids, event_types,
                           props, activity_day, activity, updated_at)
SELECT 'prj_readbench', p.app_user_id, p.first_seen, p.last_seen, p.n, p.devices, p.names,
       (SELECT jsonb_object_agg(k, jsonb_build_object('v', k || '-' || p.app_user_id,
                                                      'o', telemetry_order_token(now(), now(), 'seed')))
          FROM unnest(ARRAY['plan', 'locale', 'email', 'signup_source', 'tier']) k),
       a.day, a.counts, now()
  FROM (SELECT app_user_id, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen, count(*) AS n,
               array_agg(DISTINCT device_id) AS devices, array_agg(DISTINCT name) AS names
          FROM sdk_events WHERE project_id = 'prj_readbench' GROUP BY app_user_id) p
  JOIN activity a USING (app_user_id);

INSERT INTO project_user_counts (project_id, lane, users) VALUES ('prj_readbench', 0, :users);
VACUUM ANALYZE sdk_events, user_profiles;
