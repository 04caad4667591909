-- Payments: one row per payment intent or checkout session we created at Stripe, its state machine
-- (domain/payment_status.h), its history, its refunds and the webhook events already applied. No card
-- number, CVC or IBAN is ever stored: Stripe holds them; we keep ids, brand and last4 at most.
CREATE TABLE payments (
    id                   UUID          PRIMARY KEY,            -- UUIDv7, ours
    kind                 TEXT          NOT NULL CHECK (kind IN ('INTENT', 'CHECKOUT')),
    status               TEXT          NOT NULL CHECK (status IN ('CREATED', 'REQUIRES_ACTION', 'PROCESSING',
                                           'SUCCEEDED', 'CANCELED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    -- Bumped by every change: the `sequence` of payment.updated, so consumers apply the newest only.
    sequence             INTEGER       NOT NULL DEFAULT 1 CHECK (sequence > 0),
    user_id              UUID          NOT NULL,
    user_email           TEXT          NOT NULL CHECK (length(user_email) BETWEEN 3 AND 254),
    -- The caller's Idempotency-Key (scoped by user): a retried command finds this row and never pays twice.
    request_key          TEXT          CHECK (length(request_key) BETWEEN 1 AND 255),
    description          TEXT          NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    currency             TEXT          NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    items                JSONB         NOT NULL,               -- as sent, normalised (money as strings)
    amount               NUMERIC(19,2) CHECK (amount > 0),     -- total with IVA, from the reservation
    refunded_amount      NUMERIC(19,2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    reserved             BOOLEAN       NOT NULL DEFAULT false, -- the budget service answered RESERVED
    payment_method_id    TEXT          CHECK (length(payment_method_id) <= 255),
    stripe_customer_id   TEXT,
    stripe_intent_id     TEXT          UNIQUE,
    stripe_session_id    TEXT          UNIQUE,
    checkout_url         TEXT,
    latest_charge_id     TEXT,
    receipt_url          TEXT,
    last_error           TEXT,
    confirm_attempts     INTEGER       NOT NULL DEFAULT 0,
    -- A confirmation that failed because Stripe was out of reach is tried again from then on (the
    -- retry runner), with the payment method it was asked with.
    confirm_retry_at     TIMESTAMPTZ,
    retry_payment_method TEXT,
    created_at           TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK (refunded_amount <= coalesce(amount, 0))
);
CREATE UNIQUE INDEX payments_request_key ON payments (user_id, request_key) WHERE request_key IS NOT NULL;
-- Listing: newest first, optionally by status or user (UUIDv7 ids sort by creation).
CREATE INDEX payments_created ON payments (created_at, id);
CREATE INDEX payments_status_created ON payments (status, created_at, id);
CREATE INDEX payments_user_created ON payments (user_id, created_at, id);
-- The retry runner's scan.
CREATE INDEX payments_confirm_retry ON payments (confirm_retry_at) WHERE confirm_retry_at IS NOT NULL;
-- The sweeper's scan: payments not finished yet, by last change.
CREATE INDEX payments_open ON payments (updated_at) WHERE status IN ('CREATED', 'REQUIRES_ACTION', 'PROCESSING');

-- One row per state change (the first one too): who or what moved it, and why.
CREATE TABLE payment_history (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id  UUID        NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT        NOT NULL,
    sequence    INTEGER     NOT NULL,
    cause       TEXT        NOT NULL CHECK (length(cause) BETWEEN 1 AND 200),  -- "confirm", "webhook evt_..."
    detail      TEXT,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payment_history_payment ON payment_history (payment_id, id);

-- Refunds we asked for (idempotency key stored before the call) or learnt of from a webhook.
CREATE TABLE payment_refunds (
    id               UUID          PRIMARY KEY,
    payment_id       UUID          NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    amount           NUMERIC(19,2) NOT NULL CHECK (amount > 0),
    status           TEXT          NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED')),
    stripe_refund_id TEXT          UNIQUE,
    idempotency_key  TEXT          NOT NULL UNIQUE,
    reason           TEXT,
    created_by       UUID,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, created_at);

-- Webhook events applied (Stripe retries and reorders: each is applied once, by its id).
CREATE TABLE stripe_events (
    id          TEXT        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 255),
    type        TEXT        NOT NULL,
    payment_id  UUID,
    outcome     TEXT        NOT NULL,  -- applied, ignored (unknown payment or type), stale
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Receipt e-mails asked for, once per charge and once per refund (the key: ch_... or re_...).
CREATE TABLE receipt_mails (
    stripe_object_id TEXT        PRIMARY KEY,
    payment_id       UUID        NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    notification_id  UUID        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Signatures of webhook deliveries seen within the tolerance window: the same signed delivery sent
-- again (a replay by whoever captured it) is refused; Stripe's own retries are signed anew.
CREATE TABLE webhook_signatures (
    signature   TEXT        PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_signatures_received ON webhook_signatures (received_at);
