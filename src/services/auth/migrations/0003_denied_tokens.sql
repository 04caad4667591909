-- The record of every access token denied before its expiry (sign-out, refresh, password change or
-- reset, account delete, role revocation). Redis holds the same list as the fast path every service
-- reads; when Redis loses it, auth rebuilds it from here (services/auth/revocation_ledger.h). Rows
-- are purged once the token has expired.
CREATE TABLE denied_access_tokens (
    jti        TEXT        PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX denied_access_tokens_expiry ON denied_access_tokens (expires_at);

-- Denials made before this table existed: the newest access token of every revoked session.
INSERT INTO denied_access_tokens (jti, expires_at)
SELECT last_access_jti, last_access_exp FROM sessions
WHERE revoked_at IS NOT NULL AND last_access_exp > now()
ON CONFLICT (jti) DO NOTHING;
