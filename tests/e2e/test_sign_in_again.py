"""Existing clients work unchanged (issue 13), black-box through the portal with default settings:
parallel refreshes with one refresh token all succeed and leave the session working, a reuse after
the grace window is theft; and every protected route of the route × role matrix answers 401 with
the one error shape for a missing, garbage, expired or signed-out access token ("sign in again"),
before any role refusal or 503 the portal would give by itself."""
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from conftest import sql
from test_portal import MATRIX, b64, call, jwt_part

DEFAULT_REUSE_GRACE_S = 5  # auth.refresh_reuse_grace's default
ERROR_SHAPE = {"message", "status", "errorCode"}


def refresh(system, token):
    return requests.post(system.portal + "/api/v1/auth/refresh-token",
                         headers={"Authorization": f"Bearer {token}"}, timeout=30)


def sign_in_again(response, code):
    """The answer that sends a client back to the sign-in page: 401 with the one error body."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == ERROR_SHAPE and body["status"] == 401 and body["errorCode"] == code, body


def profile(system, user, token):
    return requests.get(system.portal + "/api/v1/user-credentials/get-user-by-id", params={"id": user.id},
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)


# ---------------------------------------------------------------------------------------------
# Parallel refreshes.

def test_parallel_refreshes_with_one_token_all_succeed_and_the_session_goes_on(system):
    user = system.register().sign_in()
    start = threading.Barrier(8)

    def one(_):
        start.wait()  # all eight leave together, as an expired client's requests do
        return refresh(system, user.refresh_token)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(8)))
    assert [r.status_code for r in answers] == [200] * 8, [r.text for r in answers]
    pairs = [r.json() for r in answers]
    refresh_tokens = {p["refreshToken"] for p in pairs}
    assert len(refresh_tokens) == 8 and user.refresh_token not in refresh_tokens
    # One access grant for the whole burst: no answer retired another's access token.
    assert len({jwt_part(p["token"], 1)["jti"] for p in pairs}) == 1
    for pair in pairs:
        assert profile(system, user, pair["token"]).status_code == 200, pair
    # The client goes on with whichever answer it kept: its refresh token works, the session too.
    later = refresh(system, pairs[-1]["refreshToken"])
    assert later.status_code == 200, later.text
    assert profile(system, user, later.json()["token"]).status_code == 200
    # That rotation retired the burst's grant, as any refresh retires the access token it replaces.
    sign_in_again(profile(system, user, pairs[0]["token"]), "INVALID_TOKEN")
    assert call(system, "POST", "/api/v1/auth/sign-out", token=later.json()["token"]).status_code == 204


def test_a_reuse_after_the_default_grace_is_theft_and_ends_the_family(system):
    user = system.register().sign_in()
    first = user.refresh_token
    rotated = refresh(system, first)
    assert rotated.status_code == 200, rotated.text
    newer = rotated.json()
    # The one sleep of this file: the default window, so that no setting is needed to see it close.
    time.sleep(DEFAULT_REUSE_GRACE_S + 0.5)
    sign_in_again(refresh(system, first), "INVALID_REFRESH_TOKEN")
    # The whole family is revoked: its newest refresh token and access token are refused too.
    sign_in_again(refresh(system, newer["refreshToken"]), "INVALID_REFRESH_TOKEN")
    sign_in_again(profile(system, user, newer["token"]), "INVALID_TOKEN")


@pytest.mark.parametrize("token", ["garbage", "a.b.c", str(uuid.uuid4())])
def test_refresh_with_a_bad_token_says_sign_in_again(system, token):
    sign_in_again(refresh(system, token), "INVALID_REFRESH_TOKEN")


def test_refresh_without_a_bearer_says_sign_in_again(system):
    r = requests.post(system.portal + "/api/v1/auth/refresh-token", timeout=30)
    sign_in_again(r, "INVALID_AUTHORIZATION_HEADER")


# ---------------------------------------------------------------------------------------------
# Every protected route: 401, one error shape, whatever is wrong with the access token.

PROTECTED = [(m, p) for m, p, _, roles in MATRIX if roles is not None]


def auth_database(system):
    return system.env["BUDGETHUB_POSTGRES_DATABASE_PREFIX"] + "auth"


@pytest.fixture(scope="module")
def expired_token(system):
    """A token auth could have issued an hour ago: its signing key, the claims of a live ADMIN
    token, exp ten minutes past (beyond the verifiers' leeway). Only the expiry is wrong."""
    rows = sql(auth_database(system), "SELECT kid || ' ' || replace(private_pem, E'\\n', '|') "
                                      "FROM signing_keys WHERE retired_at IS NULL")
    kid, pem = rows.split(" ", 1)
    key = load_pem_private_key(pem.replace("|", "\n").encode(), password=None)
    header, claims = jwt_part(system.admin.token, 0), jwt_part(system.admin.token, 1)
    assert header["kid"] == kid
    now = int(time.time())
    claims.update(iat=now - 3600, exp=now - 600, jti=str(uuid.uuid4()))
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    token = f"{signing_input}.{b64(key.sign(signing_input.encode()))}"
    # The same forgery with a live exp passes: what the walk sees is the expiry, nothing else.
    claims.update(exp=now + 600)
    live_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    live = f"{live_input}.{b64(key.sign(live_input.encode()))}"
    assert call(system, "GET", "/api/v1/user-credentials/all", token=live).status_code == 200
    return token


@pytest.fixture(scope="module")
def signed_out_token(system):
    """An ADMIN's token whose session was signed out (every route would admit its role)."""
    admin = system.user_with_role("ADMIN")
    assert call(system, "GET", "/api/v1/user-credentials/all", token=admin.token).status_code == 200
    assert call(system, "POST", "/api/v1/auth/sign-out", token=admin.token).status_code == 204
    return admin.token


@pytest.mark.parametrize("method,path", PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_every_protected_route_says_sign_in_again(system, expired_token, signed_out_token, method, path):
    sign_in_again(call(system, method, path), "INVALID_AUTHORIZATION_HEADER")
    for token in ("garbage", "e30.e30.e30", expired_token, signed_out_token):
        r = call(system, method, path, token=token)
        assert r.status_code == 401, f"{token[:20]}: {r.status_code} {r.text}"
        sign_in_again(r, "INVALID_TOKEN")


@pytest.mark.parametrize("path,role", [("/api/v1/payment/refund", "ADMIN"),
                                       ("/api/v1/user-credentials/all", "HR")])
def test_a_token_signed_out_a_moment_ago_gets_401_before_503_or_403(system, path, role):
    # The portal trusts a "not revoked" for portal.revocation_cache; an answer it gives by itself
    # (a role refusal) or the service's own refusal (a payment command's 400) must still not
    # outrun a sign-out.
    user = system.user_with_role(role)
    method = "POST" if "payment" in path else "GET"
    before = call(system, method, path, token=user.token)
    assert before.status_code == (400 if "payment" in path else 403), before.text  # and now cached
    assert call(system, "POST", "/api/v1/auth/sign-out", token=user.token).status_code == 204
    sign_in_again(call(system, method, path, token=user.token), "INVALID_TOKEN")
