-- Read-benchmark dataset, loaded set-based straight into the tables (the ingest path would take ~17 min here):
-- 100,000 users, 10,000,000 events over the last 60 days in project prj_readbench, and the profiles, daily
-- rollups, properties and user count the consumer would have built from them. event_keys (dedup) is not filled.
-- Run by deploy/bench/reads.sh --seed; psql variables users and events scale it.
\set ON_ERROR_STOP on
INSERT INTO projects (id, name) VALUES ('prj_readbench', 'Read benchmark') ON CONFLICT DO NOTHING;
INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_readbench', 'app_rb', 'Read bench', 'ios')
    ON CONFLICT DO NOTHING;
DELETE FROM sdk_events WHERE project_id = 'prj_readbench';
DELETE FROM user_profiles WHERE project_id = 'prj_readbench';
DELETE FROM user_daily_activity WHERE project_id = 'prj_readbench';
DELETE FROM user_properties WHERE project_id = 'prj_readbench';
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

INSERT INTO user_profiles (project_id, app_user_id, first_seen, last_seen, event_count, device_ids, event_types, updated_at)
SELECT project_id, app_user_id, min(occurred_at), max(occurred_at), count(*), array_agg(DISTINCT device_id),
       array_agg(DISTINCT name), now()
  FROM sdk_events WHERE project_id = 'prj_readbench' GROUP BY project_id, app_user_id;

INSERT INTO user_daily_activity (project_id, app_user_id, day, events)
SELECT project_id, app_user_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*)
  FROM sdk_events WHERE project_id = 'prj_readbench' GROUP BY 1, 2, 3;

INSERT INTO user_properties (project_id, app_user_id, key, value, unset, occurred_at, received_at, event_id)
SELECT 'prj_readbench', 'user_' || u, k, to_jsonb(k || '-' || u), false, now(), now(), 'seed'
  FROM generate_series(0, :users - 1) u, unnest(ARRAY['plan', 'locale', 'email', 'signup_source', 'tier']) k;

INSERT INTO project_user_counts (project_id, users) VALUES ('prj_readbench', :users)
    ON CONFLICT (project_id) DO UPDATE SET users = EXCLUDED.users;
VACUUM ANALYZE sdk_events, user_profiles, user_daily_activity, user_properties;
