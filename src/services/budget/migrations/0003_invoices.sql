-- Invoices and their attached files (seed-spec §3.2, §5.5).
-- The one-to-one link to a movement lives here (movement_id UNIQUE): linking an invoice to a movement
-- that already has one is a 409, never a silent overwrite (seed ⚠ #16). Deleting either side keeps
-- the other (ON DELETE SET NULL; seed ⚠ #14 deleted both).
CREATE TABLE invoices (
    id                 UUID PRIMARY KEY,
    version            INTEGER     NOT NULL DEFAULT 0,
    date_of_emission   DATE        NOT NULL,
    description        TEXT        NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    stripe_receipt_url TEXT        CHECK (length(stripe_receipt_url) <= 2000),
    movement_id        UUID        UNIQUE REFERENCES movements (id) ON DELETE SET NULL,
    -- The attached file: its object-storage key, detected type and size (all set or all NULL).
    file_key           TEXT,
    file_content_type  TEXT,
    file_size          BIGINT,
    created_by         TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((file_key IS NULL) = (file_content_type IS NULL) AND (file_key IS NULL) = (file_size IS NULL))
);
