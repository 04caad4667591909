"""Black-box tests of the auth service (seed-spec §1.2 #1-#9, §2.1, §6 with the ⚠ fixed).

They run against `budgethub serve --target auth` started here with its own database and Redis keys
(the portal's routing is another issue's work; these talk to the auth port directly, which is what
the portal forwards to). Reset links are read from the auth database's outbox, as the notification
service would receive them."""
import json
import os
import random
import string
import subprocess
import threading
import time
import urllib.parse

import pytest
import requests

from conftest import PROBLEM_JSON, Running, free_port, sql, system_environment, user_body, wait_ready

SIGN_IN_LIMIT_PER_EMAIL = 5
# This instance's auth.refresh_reuse_grace: short, so "a reuse after the window" costs one short sleep
# here (tests/e2e/test_sign_in_again.py checks the default window through the portal).
REUSE_GRACE_S = 1.0


class Auth:
    def __init__(self, base, env, database):
        self.base = base
        self.env = env
        self.database = database
        self.admin = None

    def url(self, path):
        return self.base + path

    def register(self, **overrides):
        body = user_body(**overrides)
        r = requests.post(self.url("/api/v1/user-credentials/register"), json=body, timeout=10)
        assert r.status_code == 200, r.text
        return body, r.json()

    def sign_in(self, email, password, **kwargs):
        return requests.post(self.url("/api/v1/auth/sign-in"), json={"email": email, "password": password},
                             timeout=10, **kwargs)

    def user(self, **overrides):
        """A registered, signed-in user: (body, sign-in reply)."""
        body, _ = self.register(**overrides)
        r = self.sign_in(body["email"], body["password"])
        assert r.status_code == 200, r.text
        return body, r.json()

    def grant(self, user_id, role):
        r = requests.post(self.url(f"/api/v1/user-credentials/{user_id}/roles/{role}"),
                          headers=bearer(self.admin[1]["token"]), timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def sql(self, query):
        return sql(self.database, query)

    def reset_token_for(self, email, previous=None):
        """The newest reset link for `email` (other than `previous`): recovery answers at once and
        writes the link right after, so this waits for it."""
        deadline = time.monotonic() + 10
        while True:
            payload = self.sql("SELECT payload FROM outbox WHERE event_type = 'notification.requested' "
                               f"AND payload::jsonb->>'to' = '{email}' ORDER BY id DESC LIMIT 1")
            if payload and payload != previous or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert payload, f"no reset event for {email}"
        event = json.loads(payload)
        assert event["kind"] == "PASSWORD_RESET" and event["version"] == 1
        query = urllib.parse.urlparse(event["data"]["resetUrl"]).query
        return urllib.parse.parse_qs(query)["token"][0], event


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def auth(binary, tmp_path_factory):
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    ports = {"auth": free_port()}
    env = dict(os.environ, **system_environment(ports, tag))
    env["BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_EMAIL"] = str(SIGN_IN_LIMIT_PER_EMAIL)
    env["BUDGETHUB_AUTH_RESET_URL"] = "https://app.budgethub.test/reset-password"
    env["BUDGETHUB_AUTH_REFRESH_REUSE_GRACE"] = f"{int(REUSE_GRACE_S * 1000)}ms"
    log_path = tmp_path_factory.mktemp("auth") / "budgethub.log"
    proc = subprocess.Popen([binary, "serve", "--target", "auth"], stdout=open(log_path, "w"),
                            stderr=subprocess.STDOUT, env=env)
    running = Running(proc, log_path)
    system = Auth(f"http://127.0.0.1:{ports['auth']}", env, f"bh_e2e_{tag}_auth")
    try:
        wait_ready(system.url("/readyz"), deadline_s=90, running=running)
        system.admin = system.user(firstName="Admin")  # the first user of this database
        yield system
    finally:
        running.stop()


def error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and body["errorCode"] == code, body
    return body


# --- registration, roles --------------------------------------------------------------------------

def test_first_user_is_admin_and_later_users_get_no_role_even_when_asking(auth):
    admin_body, admin_tokens = auth.admin
    r = requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": admin_tokens["id"]},
                     headers=bearer(admin_tokens["token"]), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["roles"] == ["ADMIN"]
    body, tokens = auth.user(roles=["ADMIN"])
    r = requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": tokens["id"]},
                     headers=bearer(tokens["token"]), timeout=10)
    assert r.json()["roles"] == []
    assert "password" not in r.json()


def test_register_reply_and_profile_round_trip(auth):
    body, reply = auth.register()
    assert set(reply) == {"id", "token", "refreshToken"}
    r = requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": reply["id"]},
                     headers=bearer(reply["token"]), timeout=10)
    assert r.status_code == 200, r.text
    profile = r.json()
    for field in ("firstName", "lastName", "nif", "email", "dateOfBirth", "nationality", "gender", "phoneNumber"):
        assert profile[field] == body[field]


def test_register_validates_every_field(auth):
    r = requests.post(auth.url("/api/v1/user-credentials/register"),
                      json=user_body(email="bad", gender="X", password="short", nationality="Martian"), timeout=10,
                      headers=PROBLEM_JSON)
    body = error(r, 400, "VALIDATION_ERROR")
    assert {e["field"] for e in body["errors"]} == {"email", "gender", "password", "nationality"}
    r = requests.post(auth.url("/api/v1/user-credentials/register"), data="{not json", timeout=10)
    error(r, 400, "JSON_PARSE_ERROR")


def test_register_conflicts_list_every_duplicate(auth):
    body, _ = auth.register()
    again = user_body(email=body["email"].upper(), nif=body["nif"], phoneNumber=body["phoneNumber"])
    r = requests.post(auth.url("/api/v1/user-credentials/register"), json=again, timeout=10)
    err = error(r, 409, "USER_CREDENTIALS_VALIDATION_ERROR")
    assert f"NIF already exists: {body['nif']}" in err["message"]
    assert "Email already exists" in err["message"]
    assert f"This phone number already exists: {body['phoneNumber']}" in err["message"]


def test_admin_lists_grants_and_revokes_roles(auth):
    body, tokens = auth.user()
    granted = auth.grant(tokens["id"], "MANAGER")
    assert granted["roles"] == ["MANAGER"]
    # The next token carries the role.
    r = requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(tokens["refreshToken"]), timeout=10)
    assert r.status_code == 200, r.text
    manager_token = r.json()["token"]  # the refresh retired tokens["token"]
    payload = manager_token.split(".")[1]
    claims = json.loads(__import__("base64").urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["roles"] == ["MANAGER"] and claims["sub"] == tokens["id"] and claims["email"] == body["email"]
    assert {"jti", "exp", "iat", "iss", "aud"} <= set(claims)
    assert claims["exp"] - claims["iat"] == 15 * 60

    admin_token = auth.admin[1]["token"]
    r = requests.get(auth.url("/api/v1/user-credentials/all"), params={"size": 2, "sort": "email,asc"},
                     headers=bearer(admin_token), timeout=10)
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["pageSize"] == 2 and page["totalElements"] >= 2 and len(page["content"]) == 2
    assert "password" not in page["content"][0]

    # A non-admin cannot list or grant.
    r = requests.get(auth.url("/api/v1/user-credentials/all"), headers=bearer(manager_token), timeout=10)
    error(r, 403, "ROLE_ACCESS_DENIED")
    r = requests.post(auth.url(f"/api/v1/user-credentials/{tokens['id']}/roles/ADMIN"),
                      headers=bearer(manager_token), timeout=10)
    error(r, 403, "ROLE_ACCESS_DENIED")
    r = requests.post(auth.url(f"/api/v1/user-credentials/{tokens['id']}/roles/ROOT"),
                      headers=bearer(admin_token), timeout=10)
    error(r, 400, "VALIDATION_ERROR")

    # Revoking ends the user's sessions: the role stops working at once.
    r = requests.delete(auth.url(f"/api/v1/user-credentials/{tokens['id']}/roles/MANAGER"),
                        headers=bearer(admin_token), timeout=10)
    assert r.status_code == 200 and r.json()["roles"] == []
    r = requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(manager_token), timeout=10)
    assert r.json() == "LOGGED_OUT"


def test_the_last_admin_cannot_lose_the_role(auth):
    admin_tokens = auth.admin[1]
    r = requests.delete(auth.url(f"/api/v1/user-credentials/{admin_tokens['id']}/roles/ADMIN"),
                        headers=bearer(admin_tokens["token"]), timeout=10)
    error(r, 409, "LAST_ADMIN")


def test_cli_grant_role(auth, binary):
    body, tokens = auth.user()
    out = subprocess.run([binary, "admin", "grant-role", "--email", body["email"], "--role", "HR"],
                         env=auth.env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "granted HR" in out.stdout
    r = auth.sign_in(body["email"], body["password"])
    hr_token = r.json()["token"]
    # HR may read other profiles now.
    r = requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": auth.admin[1]["id"]},
                     headers=bearer(hr_token), timeout=10)
    assert r.status_code == 200, r.text
    missing = subprocess.run([binary, "admin", "grant-role", "--email", "nobody@x.pt", "--role", "HR"],
                             env=auth.env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 3


def test_get_user_by_id_self_admin_hr_and_others(auth):
    _, target = auth.user()
    _, other = auth.user()
    _, hr = auth.user()
    auth.grant(hr["id"], "HR")
    hr_token = requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(hr["refreshToken"]),
                             timeout=10).json()["token"]

    def get(token, uid=target["id"]):
        return requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": uid},
                            headers=bearer(token) if token else {}, timeout=10)

    assert get(target["token"]).status_code == 200
    assert get(auth.admin[1]["token"]).status_code == 200
    assert get(hr_token).status_code == 200
    error(get(other["token"]), 403, "ROLE_ACCESS_DENIED")
    error(get(None), 401, "INVALID_AUTHORIZATION_HEADER")
    error(get("not.a.jwt"), 401, "INVALID_TOKEN")
    error(get(auth.admin[1]["token"], "00000000-0000-7000-8000-000000000000"), 404, "USER_ID_NOT_FOUND")
    error(get(auth.admin[1]["token"], "nope"), 400, "VALIDATION_ERROR")


def test_jwks_publishes_the_signing_key(auth):
    r = requests.get(auth.url("/.well-known/jwks.json"), timeout=10)
    assert r.status_code == 200
    keys = r.json()["keys"]
    assert keys and keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519"
    header = auth.admin[1]["token"].split(".")[0]
    kid = json.loads(__import__("base64").urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    assert kid in {k["kid"] for k in keys}


# --- sessions ---------------------------------------------------------------------------------------

def test_sign_in_reply_and_wrong_password(auth):
    body, _ = auth.register()
    r = auth.sign_in(body["email"], body["password"])
    assert r.status_code == 200
    assert set(r.json()) == {"id", "token", "refreshToken", "nif", "firstName"}
    assert r.json()["nif"] == body["nif"]
    error(auth.sign_in(body["email"], "Wrong-Password-1"), 401, "INVALID_PASSWORD")
    # An unknown e-mail gets the same answer (no account enumeration).
    error(auth.sign_in("nobody" + body["email"], "Wrong-Password-1"), 401, "INVALID_PASSWORD")
    error(requests.post(auth.url("/api/v1/auth/sign-in"), json={"email": "x"}, timeout=10), 400, "VALIDATION_ERROR")


def test_refresh_rotates_and_reuse_revokes_the_family(auth):
    _, tokens = auth.user()
    first = tokens["refreshToken"]
    r = requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(first), timeout=10)
    assert r.status_code == 200, r.text
    second = r.json()["refreshToken"]
    access = r.json()["token"]
    assert second != first
    assert requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(access),
                        timeout=10).json() == "LOGGED_IN"
    # The rotated token comes back (stolen) after the reuse grace: refused, and the whole family
    # dies with it. (Issue 13: a reuse within the grace is a parallel refresh, see below.)
    time.sleep(REUSE_GRACE_S + 0.2)
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(first), timeout=10), 401,
          "INVALID_REFRESH_TOKEN")
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(second), timeout=10), 401,
          "INVALID_REFRESH_TOKEN")
    assert requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(access),
                        timeout=10).json() == "LOGGED_OUT"
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer("garbage"), timeout=10), 401,
          "INVALID_REFRESH_TOKEN")
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), timeout=10), 401, "INVALID_AUTHORIZATION_HEADER")


def refresh(auth, token):
    return requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(token), timeout=10)


def test_a_reuse_within_the_grace_once_the_family_moved_on_is_theft(auth):
    _, tokens = auth.user()
    first = tokens["refreshToken"]
    second = refresh(auth, first).json()["refreshToken"]
    third = refresh(auth, second)
    assert third.status_code == 200, third.text
    # `first` is well within its grace, but the session has rotated since: not a parallel refresh.
    error(refresh(auth, first), 401, "INVALID_REFRESH_TOKEN")
    error(refresh(auth, third.json()["refreshToken"]), 401, "INVALID_REFRESH_TOKEN")
    error(requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": tokens["id"]},
                       headers=bearer(third.json()["token"]), timeout=10), 401, "INVALID_TOKEN")


def test_the_next_rotation_spends_the_siblings_a_parallel_refresh_handed_out(auth):
    _, tokens = auth.user()
    burst = [refresh(auth, tokens["refreshToken"]) for _ in range(3)]  # within the grace, one after another
    assert [r.status_code for r in burst] == [200] * 3, [r.text for r in burst]
    siblings = [r.json()["refreshToken"] for r in burst]
    assert len(set(siblings)) == 3
    kept = refresh(auth, siblings[-1])  # the client's latest: an ordinary rotation
    assert kept.status_code == 200, kept.text
    # An unused sibling is spent by that rotation: presenting it is theft, and ends the session.
    error(refresh(auth, siblings[0]), 401, "INVALID_REFRESH_TOKEN")
    error(refresh(auth, kept.json()["refreshToken"]), 401, "INVALID_REFRESH_TOKEN")


def test_refresh_retires_the_previous_access_token(auth):
    _, tokens = auth.user()
    r = requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(tokens["refreshToken"]), timeout=10)
    assert r.status_code == 200, r.text
    newer = r.json()

    def get(token):
        return requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": tokens["id"]},
                            headers=bearer(token), timeout=10)

    # Revocation only knows a session's newest access token, so the one a refresh replaces dies now.
    error(get(tokens["token"]), 401, "INVALID_TOKEN")
    assert get(newer["token"]).status_code == 200
    # And signing out still ends the newest one.
    assert requests.post(auth.url("/api/v1/auth/sign-out"), headers=bearer(newer["token"]),
                         timeout=10).status_code == 204
    error(get(newer["token"]), 401, "INVALID_TOKEN")


def test_sign_out_revokes_access_and_refresh_and_status_reflects_it(auth):
    body, tokens = auth.user()
    r = requests.get(auth.url("/api/v1/user-credentials/status"), params={"nif": body["nif"]},
                     headers=bearer(tokens["token"]), timeout=10)
    assert r.status_code == 200 and r.json() == "LOGGED_IN"
    r = requests.get(auth.url("/api/v1/user-credentials/status"), params={"nif": "999"},
                     headers=bearer(tokens["token"]), timeout=10)
    assert r.json() == "LOGGED_OUT"
    r = requests.post(auth.url("/api/v1/auth/sign-out"), headers=bearer(tokens["token"]), timeout=10)
    assert r.status_code == 204
    r = requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(tokens["token"]), timeout=10)
    assert r.status_code == 200 and r.json() == "LOGGED_OUT"
    error(requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": tokens["id"]},
                       headers=bearer(tokens["token"]), timeout=10), 401, "INVALID_TOKEN")
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(tokens["refreshToken"]),
                        timeout=10), 401, "INVALID_REFRESH_TOKEN")
    # Another session of the same user is untouched.
    r = auth.sign_in(body["email"], body["password"])
    assert requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(r.json()["token"]),
                        timeout=10).json() == "LOGGED_IN"


def test_sign_in_rate_limit_per_email_then_per_address(auth):
    body, _ = auth.register()
    codes = [auth.sign_in(body["email"], "Wrong-Password-1").status_code
             for _ in range(SIGN_IN_LIMIT_PER_EMAIL)]
    assert codes == [401] * SIGN_IN_LIMIT_PER_EMAIL
    r = auth.sign_in(body["email"], body["password"])  # even the right password waits now
    error(r, 429, "TOO_MANY_REQUESTS")
    assert int(r.headers["Retry-After"]) >= 1


def test_forwarded_for_is_the_rate_limited_address_only_from_trusted_proxies(auth, binary):
    # Per-address limit: ask the recovery endpoint (limit 30 per address by default) from one
    # forwarded address with many e-mails.
    address = f"203.0.113.{random.randint(1, 254)}"
    statuses = []
    for i in range(31):
        r = requests.post(auth.url("/api/v1/user-credentials/recover-password"),
                          params={"email": f"n{i}{random.randint(0, 10**9)}@x.pt"},
                          headers={"X-Forwarded-For": address}, timeout=10)
        statuses.append(r.status_code)
    assert statuses[:30] == [204] * 30 and statuses[30] == 429
    # Another forwarded address is a different client.
    r = requests.post(auth.url("/api/v1/user-credentials/recover-password"), params={"email": "a@x.pt"},
                      headers={"X-Forwarded-For": "198.51.100.7"}, timeout=10)
    assert r.status_code == 204


# --- account changes -----------------------------------------------------------------------------------

def test_update_profile_and_password(auth):
    body, tokens = auth.user()
    changed = dict(body, id=tokens["id"], lastName="Byron", newPassword="Another-Horse-7")
    r = requests.put(auth.url("/api/v1/user-credentials/update"), json=changed,
                     headers=bearer(tokens["token"]), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["lastName"] == "Byron" and "password" not in r.json()
    assert auth.sign_in(body["email"], "Another-Horse-7").status_code == 200
    error(auth.sign_in(body["email"], body["password"]), 401, "INVALID_PASSWORD")
    # Wrong current password, someone else's account, a taken e-mail.
    wrong = dict(changed, password="Not-The-Password-1")
    error(requests.put(auth.url("/api/v1/user-credentials/update"), json=wrong,
                       headers=bearer(tokens["token"]), timeout=10), 401, "INVALID_PASSWORD")
    other_body, other = auth.user()
    error(requests.put(auth.url("/api/v1/user-credentials/update"), json=changed,
                       headers=bearer(other["token"]), timeout=10), 403, "ROLE_ACCESS_DENIED")
    # The password check is throttled like sign-in: this e-mail has used its SIGN_IN_LIMIT_PER_EMAIL
    # (one sign-in, two updates, two sign-ins).
    error(requests.put(auth.url("/api/v1/user-credentials/update"), json=wrong,
                       headers=bearer(tokens["token"]), timeout=10), 429, "TOO_MANY_REQUESTS")
    taken = dict(other_body, id=other["id"], email=auth.admin[0]["email"])
    error(requests.put(auth.url("/api/v1/user-credentials/update"), json=taken,
                       headers=bearer(other["token"]), timeout=10), 409, "USER_CREDENTIALS_VALIDATION_ERROR")


def test_delete_requires_password_and_removes_the_account(auth):
    body, tokens = auth.user()
    r = requests.delete(auth.url("/api/v1/user-credentials/delete"),
                        json={"id": tokens["id"], "password": "Wrong-Password-1"},
                        headers=bearer(tokens["token"]), timeout=10)
    error(r, 401, "INVALID_PASSWORD")
    r = requests.delete(auth.url("/api/v1/user-credentials/delete"),
                        json={"id": tokens["id"], "password": body["password"]},
                        headers=bearer(tokens["token"]), timeout=10)
    assert r.status_code == 204, r.text
    error(auth.sign_in(body["email"], body["password"]), 401, "INVALID_PASSWORD")
    error(requests.get(auth.url("/api/v1/user-credentials/get-user-by-id"), params={"id": tokens["id"]},
                      headers=bearer(tokens["token"]), timeout=10), 401, "INVALID_TOKEN")
    assert auth.sql(f"SELECT count(*) FROM users WHERE id = '{tokens['id']}'") == "0"
    # The e-mail, NIF and phone are free again.
    auth.register(email=body["email"], nif=body["nif"], phoneNumber=body["phoneNumber"])


# --- password recovery ---------------------------------------------------------------------------------

def test_recover_answers_the_same_for_unknown_emails(auth):
    body, _ = auth.register()
    known = requests.post(auth.url("/api/v1/user-credentials/recover-password"), params={"email": body["email"]},
                          timeout=10)
    unknown = requests.post(auth.url("/api/v1/user-credentials/recover-password"),
                            params={"email": "ghost" + body["email"]}, timeout=10)
    assert known.status_code == unknown.status_code == 204
    assert known.text == unknown.text == ""
    error(requests.post(auth.url("/api/v1/user-credentials/recover-password"), params={"email": "bad"},
                        timeout=10), 400, "VALIDATION_ERROR")


def test_reset_token_is_single_use_and_ends_every_session(auth):
    body, tokens = auth.user()
    r = requests.post(auth.url("/api/v1/user-credentials/recover-password"), params={"email": body["email"]},
                      timeout=10)
    assert r.status_code == 204
    token, event = auth.reset_token_for(body["email"])
    assert event["data"]["resetUrl"].startswith("https://app.budgethub.test/reset-password?token=")
    assert len(token) == 43 and event["recipientName"] == body["firstName"]
    assert auth.sql("SELECT count(*) FROM password_reset_tokens WHERE token_hash = "
                    f"encode(sha256('{token}'::bytea), 'hex')") == "1"  # stored hashed only
    assert auth.sql(f"SELECT count(*) FROM password_reset_tokens WHERE token_hash = '{token}'") == "0"

    r = requests.post(auth.url("/api/v1/user-credentials/reset-password"),
                      json={"token": token, "newPassword": "Reset-Horse-42"}, timeout=10)
    assert r.status_code == 204, r.text
    error(requests.post(auth.url("/api/v1/user-credentials/reset-password"),
                        json={"token": token, "newPassword": "Again-Horse-42"}, timeout=10), 401, "INVALID_TOKEN")
    assert auth.sign_in(body["email"], "Reset-Horse-42").status_code == 200
    # The sessions opened before the reset are over.
    assert requests.get(auth.url("/api/v1/user-credentials/status"), headers=bearer(tokens["token"]),
                        timeout=10).json() == "LOGGED_OUT"
    error(requests.post(auth.url("/api/v1/auth/refresh-token"), headers=bearer(tokens["refreshToken"]),
                        timeout=10), 401, "INVALID_REFRESH_TOKEN")
    error(requests.post(auth.url("/api/v1/user-credentials/reset-password"),
                        json={"token": "made-up", "newPassword": "Reset-Horse-42"}, timeout=10), 401,
          "INVALID_TOKEN")
    error(requests.post(auth.url("/api/v1/user-credentials/reset-password"),
                        json={"token": token, "newPassword": "short"}, timeout=10), 400, "VALIDATION_ERROR")
