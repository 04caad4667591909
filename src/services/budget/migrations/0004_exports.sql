-- Movement export jobs (seed-spec §5.7): one row per request, so a job survives a restart. The
-- runner that claims a job stamps owner and heartbeat_at; a RUNNING job whose heartbeat is older than
-- budget.export_stale_after was abandoned by a dead instance and is queued again (attempts + 1), or
-- FAILED once budget.export_max_attempts is reached.
CREATE TABLE export_jobs (
    id             UUID PRIMARY KEY,
    requested_by   TEXT        NOT NULL,
    recipient      TEXT        NOT NULL,
    start_date     DATE,
    end_date       DATE,
    status_filter  TEXT,
    state          TEXT        NOT NULL DEFAULT 'QUEUED'
                               CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    rows_written   BIGINT      NOT NULL DEFAULT 0,
    attempts       INTEGER     NOT NULL DEFAULT 0,
    owner          TEXT,
    heartbeat_at   TIMESTAMPTZ,
    storage_key    TEXT,
    size_bytes     BIGINT,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
-- The runner's scan: queued jobs in arrival order; running ones for the stale sweep.
CREATE INDEX export_jobs_open ON export_jobs (state, created_at) WHERE state IN ('QUEUED', 'RUNNING');
