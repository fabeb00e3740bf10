-- Apple Search Ads attribution: AdServices token exchanges queued in the storage transaction, every attempt, and the
-- records Apple returned, with all their fields.

-- The originating event is stamped with what the exchange found.
ALTER TABLE sdk_events
    ADD COLUMN attribution_method text,
    ADD COLUMN asa_campaign_id bigint,
    ADD COLUMN asa_ad_group_id bigint,
    ADD COLUMN asa_country text,
    ADD COLUMN asa_conversion_type text;

-- One exchange per newly stored event that carried a token from an ATT-authorized device. The token is kept only
-- until the exchange is final (Apple's tokens live 24 hours), then cleared.
CREATE TABLE attribution_exchanges (
    project_id    text COLLATE "C" NOT NULL,
    sdk_app_id    text COLLATE "C" NOT NULL,
    event_id      text COLLATE "C" NOT NULL,
    app_user_id   text COLLATE "C",
    occurred_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    token         text,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'exchanged', 'failed')),
    -- attributed, organic, test_data once exchanged; invalid_token, not_found, expired once failed.
    outcome       text,
    attempts      integer NOT NULL DEFAULT 0,
    not_found     integer NOT NULL DEFAULT 0,
    due_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (project_id, sdk_app_id, event_id)
);
CREATE INDEX attribution_exchanges_due ON attribution_exchanges (due_at) WHERE status = 'pending';

CREATE TABLE attribution_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   text COLLATE "C" NOT NULL,
    sdk_app_id   text COLLATE "C" NOT NULL,
    event_id     text COLLATE "C" NOT NULL,
    attempted_at timestamptz NOT NULL,
    http_status  integer,
    outcome      text NOT NULL,
    message      text,
    duration_ms  integer
);
CREATE INDEX attribution_attempts_event ON attribution_attempts (project_id, sdk_app_id, event_id);

-- What Apple returned, every field kept (and the raw answer). At most one record per event.
CREATE TABLE apple_ads_attributions (
    record_id         text COLLATE "C" PRIMARY KEY,
    project_id        text COLLATE "C" NOT NULL,
    sdk_app_id        text COLLATE "C" NOT NULL,
    event_id          text COLLATE "C" NOT NULL,
    app_user_id       text COLLATE "C",
    attribution       boolean NOT NULL,
    -- Apple's developer-mode test payload (campaignId 1234567890): kept, flagged, not listed by default.
    test              boolean NOT NULL,
    org_id            bigint,
    campaign_id       bigint,
    ad_group_id       bigint,
    keyword_id        bigint,
    ad_id             bigint,
    creative_set_id   bigint,
    conversion_type   text,
    claim_type        text,
    country_or_region text,
    click_date        timestamptz,
    impression_date   timestamptz,
    supply_placement  text,
    installed_at      timestamptz NOT NULL,
    exchanged_at      timestamptz NOT NULL,
    raw               jsonb NOT NULL,
    UNIQUE (project_id, sdk_app_id, event_id)
);
-- The listing: attributed, non-test records in keyset order, per project and per user.
CREATE INDEX apple_ads_attributions_listed ON apple_ads_attributions (project_id, installed_at, record_id)
    WHERE attribution AND NOT test;
CREATE INDEX apple_ads_attributions_user ON apple_ads_attributions (project_id, app_user_id, installed_at, record_id)
    WHERE attribution AND NOT test;
