-- Parallel refreshes (issue 13): a client whose access token expired often refreshes several
-- requests at once with one refresh token. The first use rotates it; the others, arriving within
-- auth.refresh_reuse_grace, are let through only while that token is still the session's latest
-- rotation (no newer token of the family has been spent since). This column says which token that
-- is; NULL until the session's first rotation. See services/auth/refresh_rules.h.
ALTER TABLE sessions ADD COLUMN last_rotated_hash TEXT;
