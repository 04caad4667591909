-- Every e-mail the service was asked to send, with its full content (never truncated: retries send
-- exactly what was composed) and its delivery state.
CREATE TABLE notifications (
    id              UUID        PRIMARY KEY,  -- the producer's notificationId: the idempotency key
    kind            TEXT        NOT NULL
                    CHECK (kind IN ('PASSWORD_RESET', 'EXPORT_READY', 'BUDGET_ALERT', 'PAYMENT_RECEIPT')),
    recipient       TEXT        NOT NULL,
    recipient_name  TEXT        NOT NULL DEFAULT '',
    subject         TEXT        NOT NULL,
    body_text       TEXT        NOT NULL,
    body_html       TEXT        NOT NULL,
    -- [{"filename","contentType","storageKey","sizeBytes"}]: fetched from object storage at send time.
    attachments     JSONB       NOT NULL DEFAULT '[]'::jsonb,
    status          TEXT        NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'EXCEEDED_RETRIES')),
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),  -- sends started
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ,  -- when PENDING/FAILED: due from then on
    -- The lease of the instance sending it now: until then nobody else claims the row; a crash
    -- mid-send lets it lapse and another instance retries.
    claimed_until   TIMESTAMPTZ,
    claim_token     UUID,
    source_event_id UUID,  -- the Kafka event that asked for it (tracing)
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The dispatcher's scan: only what may still be sent, by due time.
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('PENDING', 'FAILED');
-- The admin listing, newest first, optionally by status.
CREATE INDEX notifications_created ON notifications (created_at, id);
CREATE INDEX notifications_status_created ON notifications (status, created_at, id);
