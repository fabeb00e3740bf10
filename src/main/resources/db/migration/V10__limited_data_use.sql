-- Limited Data Use (CCPA and the US state laws Meta and TikTok honour): a project may require it for every event it
-- relays; a user may through their latest consent or an event's context.consent.limitedDataUse.
ALTER TABLE projects ADD COLUMN limited_data_use boolean NOT NULL DEFAULT false;
