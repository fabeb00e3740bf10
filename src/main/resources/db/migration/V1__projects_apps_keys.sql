-- Tenancy and keys. Every later table hangs off (project_id, sdk_app_id).
CREATE TABLE projects (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    -- Extra property keys this project treats as PII, on top of the built-in list.
    pii_keys   text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sdk_apps (
    project_id text NOT NULL REFERENCES projects (id),
    id         text NOT NULL,
    name       text NOT NULL,
    platform   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id)
);

-- Keys this service minted; the token itself is never stored.
CREATE TABLE api_keys (
    key_id     text PRIMARY KEY,
    subject    text NOT NULL,
    scopes     text[] NOT NULL,
    projects   text[] NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Revoked key ids (jti), including keys minted by an operator's own identity provider.
CREATE TABLE revoked_keys (
    jti        text PRIMARY KEY,
    revoked_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX revoked_keys_revoked_at ON revoked_keys (revoked_at);
