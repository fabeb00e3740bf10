-- Relay destinations become platform-neutral: which platforms exist is the code's to say (relay/<platform>/ adapters),
-- not a CHECK constraint, and a platform's optional fields live in settings (the one such field so far, the TikTok
-- store app id, had a column of its own). No user data: destinations belong to SDK apps.
ALTER TABLE relay_destinations DROP CONSTRAINT IF EXISTS relay_destinations_destination_check;
ALTER TABLE relay_destinations ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb;
UPDATE relay_destinations SET settings = jsonb_build_object('appId', store_app_id) WHERE store_app_id IS NOT NULL;
ALTER TABLE relay_destinations DROP COLUMN store_app_id;
