-- Budget core: budget types and their subtypes, suppliers, movements.
--
-- Funds bookkeeping (docs/api.md, "Budget figures"):
--   budget_types.allocated      the ceiling of the type
--   budget_types.sub_allocated  sum of its subtypes' allocations (kept by the service under the
--                               type's row lock), the part carved out for subtypes
--   budget_types.direct_spent   spent by movements booked on the type itself (no subtype)
--   budget_types.spent          everything spent on the type: direct_spent + its subtypes' spent
--   budget_subtypes.allocated / spent
-- Invariants, checked by conditional UPDATEs in the transaction that books a movement:
--   subtype:  spent <= allocated (when spending grows)
--   type:     direct_spent + sub_allocated <= allocated, spent <= allocated (when spending grows)
-- `spent` may go below zero: a CREDIT gives money back to the budget.

CREATE TABLE budget_types (
    id            UUID PRIMARY KEY,
    version       INTEGER       NOT NULL DEFAULT 0,
    name          TEXT          NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description   TEXT          NOT NULL CHECK (length(description) <= 2000),
    allocated     NUMERIC(19,2) NOT NULL CHECK (allocated >= 0),
    sub_allocated NUMERIC(19,2) NOT NULL DEFAULT 0 CHECK (sub_allocated >= 0),
    direct_spent  NUMERIC(19,2) NOT NULL DEFAULT 0,
    spent         NUMERIC(19,2) NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX budget_types_name_key ON budget_types (lower(name));

CREATE TABLE budget_subtypes (
    id             UUID PRIMARY KEY,
    version        INTEGER       NOT NULL DEFAULT 0,
    budget_type_id UUID          NOT NULL REFERENCES budget_types (id) ON DELETE CASCADE,
    name           TEXT          NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description    TEXT          NOT NULL CHECK (length(description) <= 2000),
    allocated      NUMERIC(19,2) NOT NULL CHECK (allocated >= 0),
    spent          NUMERIC(19,2) NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- Subtype names are unique across all subtypes (as in the seed), case-insensitively.
CREATE UNIQUE INDEX budget_subtypes_name_key ON budget_subtypes (lower(name));
CREATE INDEX budget_subtypes_type ON budget_subtypes (budget_type_id);

CREATE TABLE suppliers (
    id               UUID PRIMARY KEY,
    version          INTEGER     NOT NULL DEFAULT 0,
    company_name     TEXT        NOT NULL CHECK (length(company_name) BETWEEN 1 AND 200),
    responsible_name TEXT        NOT NULL CHECK (length(responsible_name) BETWEEN 1 AND 200),
    nif              TEXT        NOT NULL CHECK (length(nif) BETWEEN 1 AND 32),
    phone_number     TEXT        CHECK (length(phone_number) BETWEEN 1 AND 32),
    email            TEXT        CHECK (length(email) BETWEEN 3 AND 254),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- NULL e-mail / phone never collide (unique indexes ignore NULLs): seed ⚠ fixed.
CREATE UNIQUE INDEX suppliers_nif_key ON suppliers (nif);
CREATE UNIQUE INDEX suppliers_email_key ON suppliers (lower(email));
CREATE UNIQUE INDEX suppliers_phone_key ON suppliers (phone_number);

CREATE TABLE movements (
    id                UUID PRIMARY KEY,
    version           INTEGER       NOT NULL DEFAULT 0,
    kind              TEXT          NOT NULL CHECK (kind IN ('DEBIT', 'CREDIT')),
    status            TEXT          NOT NULL CHECK (status IN ('ACCEPTED', 'PROCESSING', 'SUCCEEDED',
                                                               'CANCELED', 'REFUSED', 'FAILED', 'REFUNDED')),
    document_number   TEXT          NOT NULL CHECK (length(document_number) BETWEEN 1 AND 100),
    date_of_emission  DATE          NOT NULL,
    description       TEXT          NOT NULL CHECK (length(description) <= 2000),
    value_without_iva NUMERIC(19,2) NOT NULL CHECK (value_without_iva > 0),
    iva_rate          NUMERIC(7,2)  NOT NULL CHECK (iva_rate >= 0 AND iva_rate <= 100),
    iva_value         NUMERIC(19,2) NOT NULL,
    total_value       NUMERIC(19,2) NOT NULL,
    -- What this movement currently takes from its budget (+) or gives back (-): non-zero only while
    -- SUCCEEDED. Release, refund, cancel and delete return exactly this amount.
    booked_amount     NUMERIC(19,2) NOT NULL DEFAULT 0,
    supplier_id       UUID          REFERENCES suppliers (id) ON DELETE SET NULL,
    budget_type_id    UUID          REFERENCES budget_types (id) ON DELETE SET NULL,
    budget_subtype_id UUID          REFERENCES budget_subtypes (id) ON DELETE SET NULL,
    created_by        TEXT,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX movements_document_number_key ON movements (document_number);
-- Listing: every filter has an index ending in id, the default order (UUIDv7 = creation order).
CREATE INDEX movements_type_id ON movements (budget_type_id, id);
CREATE INDEX movements_subtype_id ON movements (budget_subtype_id, id);
CREATE INDEX movements_supplier_id ON movements (supplier_id, id);
CREATE INDEX movements_status_id ON movements (status, id);
CREATE INDEX movements_date_id ON movements (date_of_emission, id);
