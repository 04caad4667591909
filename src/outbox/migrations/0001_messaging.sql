-- Transactional outbox and consumer de-duplication, the same in every service database.
-- Each service's migrations/0001_messaging.sql is a link to this file.

-- Events written in the same transaction as the state change they describe; the relay publishes
-- them to Kafka and stamps published_at. A crash between commit and publish loses nothing: the
-- row is still there for the next relay.
CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL CHECK (length(topic) BETWEEN 1 AND 249),
    message_key  TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    headers      JSONB       NOT NULL DEFAULT '[]'::jsonb,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT
);
-- The relay's scan: only what is still to publish, in commit order.
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;

-- Events a consumer has already applied, written in the same transaction as the effect, so a
-- redelivered or re-published event is recognised and skipped.
CREATE TABLE processed_events (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
