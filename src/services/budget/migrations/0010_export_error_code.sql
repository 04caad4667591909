-- A failed export says why in a code a client can act on (the web app offers "start it again" only where
-- that may help): FAILED_TO_GENERATE_EXCEL, EXPORT_TOO_LARGE (choose fewer movements), EXPORT_INTERRUPTED.
-- Jobs that failed before this migration get theirs from the message they were given.
ALTER TABLE export_jobs ADD COLUMN error_code TEXT;
UPDATE export_jobs SET error_code = CASE
        WHEN error = 'The export was interrupted too many times' THEN 'EXPORT_INTERRUPTED'
        WHEN error LIKE 'The report would have % movements;%' THEN 'EXPORT_TOO_LARGE'
        ELSE 'FAILED_TO_GENERATE_EXCEL' END
 WHERE state = 'FAILED';
