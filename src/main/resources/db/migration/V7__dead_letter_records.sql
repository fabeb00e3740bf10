-- Records the DLQ cannot take whole (too large for a Kafka request, or refused by the DLQ topic): kept here in full,
-- with their coordinates and why they could not be stored, while the DLQ gets a truncated copy. A record is kept once
-- however often its batch is retried.
CREATE TABLE dead_letter_records (
    topic        text NOT NULL,
    partition    integer NOT NULL,
    "offset"     bigint NOT NULL,
    record_key   bytea,
    value        bytea,
    headers      jsonb NOT NULL,  -- name -> base64 of the value
    reason       text NOT NULL,
    error        text NOT NULL,
    failed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (topic, partition, "offset")
);
