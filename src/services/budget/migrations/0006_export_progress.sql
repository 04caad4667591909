-- An export's size known before its first row is written (counted in the export's own snapshot), so a
-- client shows progress as a share: rows_written of rows_total. NULL until the runner has counted.
ALTER TABLE export_jobs ADD COLUMN rows_total BIGINT;
