-- Test migrations for src/db: embedded by bh_embed_migrations into the db tests.
CREATE TABLE widgets (
    id      UUID PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    price   NUMERIC(19, 2) NOT NULL CHECK (price >= 0)
);
