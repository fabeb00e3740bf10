-- Write keys: the public keys SDKs ship inside apps, one SDK app each, for POST /v1/sdk/events and the Segment
-- tracking API. Only a SHA-256 of the key is kept. A key holds no user data, so erasure never touches this table;
-- ingest reads it from memory (each instance reloads what changed, by changed_at), so a stored event costs nothing here.
CREATE TABLE write_keys (
    project_id   text NOT NULL,
    sdk_app_id   text NOT NULL,
    write_key_id text NOT NULL,
    key_hash     bytea NOT NULL,
    -- The key's last four characters, so a listing tells keys apart without showing them.
    key_hint     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at   timestamptz,
    changed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (project_id, sdk_app_id, write_key_id),
    FOREIGN KEY (project_id, sdk_app_id) REFERENCES sdk_apps (project_id, id)
);
CREATE UNIQUE INDEX write_keys_hash ON write_keys (key_hash);
CREATE INDEX write_keys_changed ON write_keys (changed_at);
