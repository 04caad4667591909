-- Payments on budgets (docs/dev/payment-contract.md): the payment service reserves a payment's amount
-- here with the command `budget.reserve` and moves it on with `payment.updated` events.
--
-- A payment becomes one movement per line (movements.payment_id, payment_line = 1..n). While its
-- payment is open (ACCEPTED / PROCESSING) such a movement holds its total as a *reservation*: it is
-- booked into `spent` exactly like spending (so the conditional UPDATEs of the funds ledger refuse a
-- reservation that does not fit, and concurrent payments and movements can never jointly exceed an
-- allocation), and the same amount is counted in `reserved` as well. `reserved` is therefore the part
-- of `spent` that is only reserved, not paid yet:
--   budget_subtypes.reserved   reservations booked on the subtype
--   budget_types.reserved      reservations booked on the type, directly or through its subtypes
--   movements.reserved_amount  the part of booked_amount that is a reservation (0 unless a payment's)

ALTER TABLE movements
    ADD COLUMN payment_id      UUID,
    ADD COLUMN payment_line    INTEGER,
    ADD COLUMN reserved_amount NUMERIC(19,2) NOT NULL DEFAULT 0,
    ADD CONSTRAINT movements_payment_line_check
        CHECK ((payment_id IS NULL) = (payment_line IS NULL) AND (payment_line IS NULL OR payment_line >= 1)),
    ADD CONSTRAINT movements_reserved_amount_check
        CHECK (reserved_amount >= 0 AND (payment_id IS NOT NULL OR reserved_amount = 0));
-- A payment's movements, in line order (partial: normal movements have none).
CREATE UNIQUE INDEX movements_payment_line ON movements (payment_id, payment_line) WHERE payment_id IS NOT NULL;

ALTER TABLE budget_subtypes ADD COLUMN reserved NUMERIC(19,2) NOT NULL DEFAULT 0 CHECK (reserved >= 0);
ALTER TABLE budget_types ADD COLUMN reserved NUMERIC(19,2) NOT NULL DEFAULT 0 CHECK (reserved >= 0);

-- One row per payment the budget service has heard of: written by the first `budget.reserve`
-- (reserved_at set: the payment's movements exist) or by a `payment.updated` that arrived first
-- (reserved_at NULL: only the payment's latest state is remembered, and applied when the reservation
-- comes). `last_sequence` is the highest `sequence` applied: an event at or below it is stale.
CREATE TABLE payment_reservations (
    payment_id      UUID PRIMARY KEY,
    user_id         TEXT          CHECK (length(user_id) <= 200),
    reserved_at     TIMESTAMPTZ,
    total           NUMERIC(19,2) CHECK (total > 0),
    last_sequence   BIGINT        NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
    status          TEXT          CHECK (status IN ('CREATED', 'REQUIRES_ACTION', 'PROCESSING', 'SUCCEEDED',
                                                    'CANCELED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    refunded_amount NUMERIC(19,2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    receipt_url     TEXT          CHECK (length(receipt_url) <= 2000),
    occurred_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK ((reserved_at IS NULL) = (total IS NULL)),
    CHECK ((last_sequence = 0) = (status IS NULL))
);
