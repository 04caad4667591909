"""The portal gateway, black-box: the whole route × role matrix of docs/api.md against the running
system, token attacks, revocation seen by a second instance, forwarding, CORS, security headers,
upstream failures and the static files."""
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import pathlib
import re
import threading
import time
import uuid

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from conftest import free_port, wait_ready

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLES = ["ADMIN", "MANAGER", "EMPLOYEE", "HR"]
NO_ROLE = "NONE"  # a signed-in user nobody granted a role yet
PORTAL_REFUSALS = {"INVALID_AUTHORIZATION_HEADER", "INVALID_TOKEN", "ROLE_ACCESS_DENIED"}


# ---------------------------------------------------------------------------------------------
# The matrix, read from docs/api.md (the code's table is compared with it by the unit tests).

def documented_matrix():
    rows, in_matrix = [], False
    for line in (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_matrix = line.strip() == "## Route × role matrix"
        if not in_matrix or not line.startswith("| ") or line.startswith(("| method", "|---")):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        method, path, service, access = cells[0], cells[1].strip("`"), cells[2], cells[3]
        if access == "public":
            roles = None
        elif access == "signed-in":
            roles = set(ROLES) | {NO_ROLE}
        else:
            roles = {r.strip() for r in access.split(",")}
        rows.append((method, path, service, roles))
    return rows


MATRIX = documented_matrix()


def test_the_documented_matrix_is_complete():
    assert len(MATRIX) == 58
    public = {(m, p) for m, p, _, roles in MATRIX if roles is None}
    assert public == {("POST", "/api/v1/auth/sign-in"), ("POST", "/api/v1/auth/refresh-token"),
                      ("POST", "/api/v1/user-credentials/register"),
                      ("POST", "/api/v1/user-credentials/recover-password"),
                      ("POST", "/api/v1/user-credentials/reset-password"), ("GET", "/.well-known/jwks.json"),
                      ("POST", "/api/v1/webhook/stripe")}
    for _, _, _, roles in MATRIX:
        assert roles is None or (roles and roles <= set(ROLES) | {NO_ROLE})


def jwt_part(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@pytest.fixture(scope="module")
def callers(system):
    """One signed-in user per role; the tokens must carry exactly the role under test."""
    users = {"ADMIN": system.admin}
    for role in ("MANAGER", "EMPLOYEE", "HR"):
        users[role] = system.user_with_role(role)
    for role, user in users.items():
        assert role in jwt_part(user.token, 1).get("roles", []), (role, jwt_part(user.token, 1))
    users[NO_ROLE] = system.user_with_role(None)
    assert jwt_part(users[NO_ROLE].token, 1).get("roles", []) == []
    return users


def concrete(path, user):
    """A request path for a route pattern: parameters filled with values that reach the handler."""
    path = path.replace("{role}", "HR")
    path = re.sub(r"\{[A-Za-z]+\}", lambda _: str(uuid.uuid4()), path)
    if path == "/api/v1/user-credentials/get-user-by-id":
        path += f"?id={user.id if user else uuid.uuid4()}"
    if path == "/api/v1/user-credentials/recover-password":
        path += "?email=nobody@budgethub.test"
    return path


def call(system, method, path, user=None, token=None):
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {user.token}"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = {} if method in ("POST", "PUT", "DELETE") else None
    return requests.request(method, system.portal + concrete(path, user), headers=headers, json=body, timeout=30)


def error_code(response):
    try:
        return response.json().get("errorCode")
    except ValueError:
        return None


PROTECTED = [(m, p, s, r) for m, p, s, r in MATRIX if r is not None and p != "/api/v1/auth/sign-out"]


@pytest.mark.parametrize("method,path,service,roles", PROTECTED, ids=[f"{m} {p}" for m, p, _, _ in PROTECTED])
def test_protected_route_matrix(system, callers, method, path, service, roles):
    anonymous = call(system, method, path)
    assert anonymous.status_code == 401, anonymous.text
    assert error_code(anonymous) == "INVALID_AUTHORIZATION_HEADER"
    for role in ROLES + [NO_ROLE]:
        r = call(system, method, path, callers[role])
        if role in roles:
            assert r.status_code not in (401, 403), f"{role}: {r.status_code} {r.text}"
            if service == "payment":  # reached the payment service: its own validation or answer
                assert r.status_code in (200, 400, 404), r.text
        else:
            assert r.status_code == 403, f"{role}: {r.status_code} {r.text}"
            assert error_code(r) == "ROLE_ACCESS_DENIED"
            assert r.json()["status"] == 403


PUBLIC = [(m, p) for m, p, _, r in MATRIX if r is None]


@pytest.mark.parametrize("method,path", PUBLIC, ids=[f"{m} {p}" for m, p in PUBLIC])
def test_public_routes_reach_the_service_without_a_token(system, method, path):
    # refresh-token's bearer is the opaque refresh token: a bad one is auth's to refuse, not the portal's.
    token = "not-a-refresh-token" if path.endswith("refresh-token") else None
    r = call(system, method, path, token=token)
    assert r.status_code != 403 and error_code(r) not in PORTAL_REFUSALS, r.text
    if path == "/.well-known/jwks.json":
        assert r.status_code == 200 and r.json()["keys"]


def test_unknown_routes_are_refused(system, callers):
    for method, path in [("GET", "/api/v1/budget/type"), ("POST", "/api/v1/invoice/all"),
                         ("GET", "/api/v1/admin/everything"), ("GET", "/actuator/env")]:
        r = requests.request(method, system.portal + path, headers=callers["ADMIN"].headers(), timeout=10)
        assert r.status_code in (404, 405), (method, path, r.status_code)
        assert set(r.json()) >= {"message", "status", "errorCode"}


def test_a_body_far_over_the_limit_is_a_readable_413(system, callers):
    """16 MiB sent whole before reading (as requests does): the portal drains it and answers 413 with our body,
    instead of resetting the connection while the client is still sending."""
    r = requests.post(system.portal + "/api/v1/supplier/create", data=b"{" + b" " * (16 << 20) + b"}", timeout=60,
                      headers=callers["ADMIN"].headers(**{"Content-Type": "application/json"}))
    assert r.status_code == 413, r.text[:200]
    assert r.json()["errorCode"] == "PAYLOAD_TOO_LARGE"


# ---------------------------------------------------------------------------------------------
# Tokens the portal must refuse.

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode(header, payload, signature=b""):
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}.{b64(signature)}"


ADMIN_ROUTE = "/api/v1/user-credentials/all"


def test_a_valid_admin_token_passes(system, callers):
    r = requests.get(system.portal + ADMIN_ROUTE, headers=callers["ADMIN"].headers(), timeout=10)
    assert r.status_code not in (401, 403), r.text


def assert_refused(system, token):
    r = requests.get(system.portal + ADMIN_ROUTE, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 401, r.text
    assert error_code(r) == "INVALID_TOKEN"


def test_forged_signature_is_refused(system, callers):
    token = callers["ADMIN"].token
    head, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[0] ^= 0x01
    assert_refused(system, f"{head}.{payload}.{b64(bytes(raw))}")


def test_changed_claims_are_refused(system, callers):
    user = callers["HR"]
    header, claims = jwt_part(user.token, 0), jwt_part(user.token, 1)
    claims["roles"] = ["ADMIN"]  # HR promotes itself, keeping its genuine signature
    assert_refused(system, ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()),
                                     user.token.split(".")[2]]))


def test_alg_none_is_refused(system, callers):
    header, claims = jwt_part(callers["ADMIN"].token, 0), jwt_part(callers["ADMIN"].token, 1)
    for alg in ("none", "None", "NONE"):
        assert_refused(system, encode(dict(header, alg=alg), claims))


def test_hs256_keyed_with_the_public_key_is_refused(system, callers):
    header, claims = jwt_part(callers["ADMIN"].token, 0), jwt_part(callers["ADMIN"].token, 1)
    jwks = requests.get(system.portal + "/.well-known/jwks.json", timeout=10).json()
    key = next(k for k in jwks["keys"] if k["kid"] == header.get("kid"))
    raw_key = base64.urlsafe_b64decode(key["x"] + "=" * (-len(key["x"]) % 4))
    for secret in (raw_key, key["x"].encode(), json.dumps(key).encode()):
        h = dict(header, alg="HS256")
        signing_input = f"{b64(json.dumps(h).encode())}.{b64(json.dumps(claims).encode())}"
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        assert_refused(system, f"{signing_input}.{b64(mac)}")


def test_garbage_is_refused(system):
    for token in ("x", "a.b.c", "..", "e30.e30.", "a" * 20000):
        r = requests.get(system.portal + ADMIN_ROUTE, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.status_code in (401, 431), r.text
    r = requests.get(system.portal + ADMIN_ROUTE, headers={"Authorization": "Basic YTpi"}, timeout=10)
    assert r.status_code == 401 and error_code(r) == "INVALID_AUTHORIZATION_HEADER"


# ---------------------------------------------------------------------------------------------
# A lab portal: our own signing key (served as its JWKS), a fake auth that echoes what it receives
# or stalls, a budget service that is down, CORS and HSTS configured.

class FakeService(http.server.BaseHTTPRequestHandler):
    jwks = b""

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/.well-known/jwks.json"):
            return self._send(200, FakeService.jwks)
        if self.path.startswith("/api/v1/user-credentials/register"):
            time.sleep(2)  # longer than the lab portal's upstream timeout
        echo = {"method": self.command, "path": self.path, "body": body.decode(errors="replace"),
                "headers": {k.lower(): v for k, v in self.headers.items()}}
        self._send(200, json.dumps(echo).encode(), {
            "Content-Disposition": 'attachment; filename="r.json"', "Set-Cookie": "leak=1",
            "X-Internal": "secret", "Location": "/somewhere"})

    def _send(self, status, body, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # the portal gave up waiting (the timeout test)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


class Lab:
    def __init__(self, url, key, kid):
        self.url = url
        self.key = key
        self.kid = kid

    def token(self, roles=("ADMIN",), exp_in=300, **overrides):
        now = int(time.time())
        claims = {"sub": str(uuid.uuid4()), "email": "lab@budgethub.test", "roles": list(roles),
                  "jti": str(uuid.uuid4()), "iat": now, "exp": now + exp_in, "iss": "budgethub", "aud": "budgethub"}
        claims.update(overrides)
        header = {"alg": "EdDSA", "typ": "JWT", "kid": self.kid}
        signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
        return f"{signing_input}.{b64(self.key.sign(signing_input.encode()))}"


@pytest.fixture(scope="module")
def fake_service():
    key = Ed25519PrivateKey.generate()
    kid = "lab-" + uuid.uuid4().hex[:8]
    x = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    FakeService.jwks = json.dumps({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64(x), "kid": kid,
                                             "use": "sig", "alg": "EdDSA"}]}).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, key, kid
    server.shutdown()


@pytest.fixture
def lab(start, fake_service):
    server, key, kid = fake_service
    fake = f"http://127.0.0.1:{server.server_address[1]}"
    port = free_port()
    running = start("serve", "--target", "portal", env={
        "BUDGETHUB_PORTAL_PORT": str(port),
        "BUDGETHUB_PORTAL_AUTH_URL": fake,
        "BUDGETHUB_PORTAL_BUDGET_URL": "http://127.0.0.1:1",  # nothing listens there
        "BUDGETHUB_PORTAL_NOTIFICATION_URL": fake,
        "BUDGETHUB_SECURITY_JWKS_URL": fake + "/.well-known/jwks.json",
        "BUDGETHUB_PORTAL_UPSTREAM_TIMEOUT": "500ms",
        "BUDGETHUB_PORTAL_CORS_ORIGINS": "http://localhost:4200, https://app.budgethub.test",
        "BUDGETHUB_PORTAL_HSTS_MAX_AGE": "31536000s",
    })
    url = f"http://127.0.0.1:{port}"
    wait_ready(url + "/healthz", running=running)
    return Lab(url, key, kid)


def test_lab_token_signed_by_the_published_key_passes(lab):
    r = requests.get(lab.url + "/api/v1/notification/all", headers={"Authorization": f"Bearer {lab.token()}"},
                     timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["path"] == "/api/v1/notification/all"


@pytest.mark.parametrize("claims", [
    {"exp_in": -120},                       # expired beyond the 30 s leeway
    {"iss": "someone-else"},
    {"aud": "another-api"},
    {"nbf": int(time.time()) + 3600},
], ids=["expired", "issuer", "audience", "not-yet-valid"])
def test_lab_refuses_tokens_with_bad_claims(lab, claims):
    token = lab.token(**claims)
    r = requests.get(lab.url + "/api/v1/notification/all", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 401 and error_code(r) == "INVALID_TOKEN", r.text


def test_lab_refuses_a_token_from_an_unknown_key(lab):
    stranger = Lab(lab.url, Ed25519PrivateKey.generate(), lab.kid)  # same kid, other key
    r = requests.get(lab.url + "/api/v1/notification/all",
                     headers={"Authorization": f"Bearer {stranger.token()}"}, timeout=10)
    assert r.status_code == 401 and error_code(r) == "INVALID_TOKEN"


def test_forwarding_passes_what_the_service_needs_and_returns_what_the_client_may_see(lab):
    r = requests.post(lab.url + "/api/v1/auth/sign-in?lang=pt%20PT", json={"email": "a@b.pt"},
                      headers={"Nif": "123456789", "X-Request-Id": "lab-req-1", "Cookie": "session=1",
                               "X-Forwarded-For": "203.0.113.5", "Authorization": "Bearer opaque"}, timeout=10)
    assert r.status_code == 200, r.text
    echo = r.json()
    assert echo["method"] == "POST" and echo["path"] == "/api/v1/auth/sign-in?lang=pt%20PT"
    assert json.loads(echo["body"]) == {"email": "a@b.pt"}
    h = echo["headers"]
    assert h["nif"] == "123456789" and h["authorization"] == "Bearer opaque"
    assert h["x-request-id"] == "lab-req-1"
    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}", h["traceparent"])
    assert h["x-forwarded-for"] == "203.0.113.5, 127.0.0.1"
    assert h["content-type"] == "application/json"
    assert "cookie" not in h
    assert r.headers["Content-Disposition"] == 'attachment; filename="r.json"'
    assert r.headers["Location"] == "/somewhere"
    assert "Set-Cookie" not in r.headers and "X-Internal" not in r.headers
    assert r.headers["X-Request-Id"] == "lab-req-1"


def test_security_headers_on_every_answer(lab):
    for r in (requests.post(lab.url + "/api/v1/auth/sign-in", json={}, timeout=10),
              requests.get(lab.url + "/api/v1/budget/type/all", timeout=10)):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert r.headers["Cache-Control"] == "no-store"
        assert r.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_cors_preflight_and_answers(lab):
    ok = requests.options(lab.url + "/api/v1/budget/type/update", headers={
        "Origin": "http://localhost:4200", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type"}, timeout=10)
    assert ok.status_code == 204, ok.text
    assert ok.headers["Access-Control-Allow-Origin"] == "http://localhost:4200"
    assert ok.headers["Access-Control-Allow-Credentials"] == "true"
    assert "PUT" in ok.headers["Access-Control-Allow-Methods"]
    denied = requests.options(lab.url + "/api/v1/budget/type/update", headers={
        "Origin": "http://evil.test", "Access-Control-Request-Method": "PUT"}, timeout=10)
    assert denied.status_code == 403 and "Access-Control-Allow-Origin" not in denied.headers
    wrong_method = requests.options(lab.url + "/api/v1/budget/type/update", headers={
        "Origin": "http://localhost:4200", "Access-Control-Request-Method": "DELETE"}, timeout=10)
    assert wrong_method.status_code == 403
    answer = requests.post(lab.url + "/api/v1/auth/sign-in", json={}, headers={"Origin": "https://app.budgethub.test"},
                           timeout=10)
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.budgethub.test"
    assert "X-Request-Id" in answer.headers["Access-Control-Expose-Headers"]
    other = requests.post(lab.url + "/api/v1/auth/sign-in", json={}, headers={"Origin": "http://evil.test"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in other.headers


def test_upstream_down_is_503_and_slow_is_504(lab):
    auth = {"Authorization": f"Bearer {lab.token(roles=['ADMIN'])}"}
    down = requests.get(lab.url + "/api/v1/budget/type/all", headers=auth, timeout=10)
    assert down.status_code == 503 and error_code(down) == "SERVICE_UNAVAILABLE", down.text
    started = time.monotonic()
    slow = requests.post(lab.url + "/api/v1/user-credentials/register", json={}, timeout=10)
    assert slow.status_code == 504 and error_code(slow) == "UPSTREAM_TIMEOUT", slow.text
    assert time.monotonic() - started < 1.5


def test_payment_routes_reach_the_payment_service_after_the_checks(system, callers):
    r = call(system, "POST", "/api/v1/payment/refund", callers["ADMIN"])
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text
    assert "paymentIntentId" in r.text
    r = call(system, "POST", "/api/v1/payment/refund", callers["EMPLOYEE"])
    assert r.status_code == 403 and error_code(r) == "ROLE_ACCESS_DENIED"


def raw_get(base_url, target):
    """GET with the target sent byte for byte (requests would normalise dot segments)."""
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("GET", target, skip_accept_encoding=True)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def test_paths_that_hide_their_structure_are_refused(lab):
    token = lab.token(roles=["ADMIN"])
    for target in ("/api/v1/notification/..%2F..%2Fadmin", "/api/v1/invoice/%2e%2e/file"):
        host, port = lab.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.putrequest("GET", target)
        conn.putheader("Authorization", f"Bearer {token}")
        conn.endheaders()
        r = conn.getresponse()
        r.read()
        conn.close()
        assert r.status in (400, 404), (target, r.status)


# ---------------------------------------------------------------------------------------------
# Documents and static files.

def test_openapi_document_lists_every_route_of_the_matrix(system):
    r = requests.get(system.portal + "/v3/api-docs", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    for method, path, _, roles in MATRIX:
        op = doc["paths"][path][method.lower()]
        assert (op.get("security") == []) == (roles is None), (method, path)


def test_swagger_ui_is_served_locally_and_points_at_our_document(system):
    moved = requests.get(system.portal + "/swagger-ui", allow_redirects=False, timeout=10)
    assert moved.status_code == 301 and moved.headers["Location"] == "/swagger-ui/"
    page = requests.get(system.portal + "/swagger-ui/", timeout=10)
    assert page.status_code == 200, "swagger-ui-dist missing: run scripts/bootstrap"
    assert page.headers["Content-Type"].startswith("text/html") and "swagger-ui" in page.text
    init = requests.get(system.portal + "/swagger-ui/swagger-initializer.js", timeout=10)
    assert '"/v3/api-docs"' in init.text and "petstore" not in init.text
    css = requests.get(system.portal + "/swagger-ui/swagger-ui.css", timeout=10)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    again = requests.get(system.portal + "/swagger-ui/swagger-ui.css", headers={"If-None-Match": css.headers["ETag"]},
                         timeout=10)
    assert again.status_code == 304


def test_static_files_cannot_leave_their_directory(system):
    for target in ("/swagger-ui/../../../../etc/passwd", "/swagger-ui/..%2F..%2F..%2Fetc%2Fpasswd",
                   "/swagger-ui/%2e%2e/package.json", "/swagger-ui/..", "/swagger-ui/..%5c..%5cetc%5cpasswd"):
        status, body = raw_get(system.portal, target)
        assert status in (400, 404), (target, status)
        assert b"root:" not in body


def test_home_page_without_a_web_app(system):
    r = requests.get(system.portal + "/", timeout=10)
    assert r.status_code == 200 and "/swagger-ui/" in r.text


def test_web_app_is_served_with_fallback_to_index(start, tmp_path):
    (tmp_path / "web" / "assets").mkdir(parents=True)
    (tmp_path / "web" / "index.html").write_text("<app-root></app-root>")
    (tmp_path / "web" / "assets" / "main.js").write_text("boot()")
    (tmp_path / "secret.txt").write_text("root:x")
    port = free_port()
    running = start("serve", "--target", "portal", env={
        "BUDGETHUB_PORTAL_PORT": str(port), "BUDGETHUB_PORTAL_WEB_DIR": str(tmp_path / "web")})
    url = f"http://127.0.0.1:{port}"
    wait_ready(url + "/healthz", running=running)
    assert requests.get(url + "/", timeout=10).text == "<app-root></app-root>"
    js = requests.get(url + "/assets/main.js", timeout=10)
    assert js.text == "boot()" and js.headers["Content-Type"].startswith("text/javascript")
    assert requests.get(url + "/budgets/42", timeout=10).text == "<app-root></app-root>"  # app route
    assert requests.get(url + "/assets/missing.js", timeout=10).status_code == 404
    api = requests.get(url + "/api/v1/nothing", timeout=10)
    assert api.status_code == 404 and api.json()["errorCode"] == "NOT_FOUND"
    for target in ("/../secret.txt", "/assets/..%2F..%2Fsecret.txt", "/%2e%2e/secret.txt"):
        status, body = raw_get(url, target)
        assert b"root:x" not in body, target


# ---------------------------------------------------------------------------------------------
# Two ways to reach a service: the system's portal hands requests to the services of its own process
# (portal.in_process_upstreams); a portal started alone forwards over HTTP. Callers cannot tell.

def comparable(r):
    body = r.json() if r.content and r.headers.get("Content-Type", "").startswith("application/json") else r.text
    if isinstance(body, dict):
        body.pop("correlationId", None)
        body.get("pageable", {}).pop("correlationId", None)
    kept = ("Content-Type", "Retry-After", "Allow", "Content-Disposition", "Location")
    return r.status_code, body, {h: r.headers[h] for h in kept if h in r.headers}


def second_portal(system, start, **env):
    """A portal process of its own in front of the system's services: it forwards over HTTP."""
    port = free_port()
    running = start("serve", "--target", "portal", env={
        "BUDGETHUB_PORTAL_PORT": str(port),
        **{f"BUDGETHUB_{name.upper()}_PORT": str(p) for name, p in system.ports.items() if name != "portal"},
        **env})
    url = f"http://127.0.0.1:{port}"
    wait_ready(url + "/readyz", running=running)
    return url


def test_rate_limit_per_client_address_shared_through_redis(system, start):
    limit = 5
    limited = [second_portal(system, start, BUDGETHUB_PORTAL_RATE_LIMIT=str(limit),
                             BUDGETHUB_PORTAL_RATE_LIMIT_WINDOW="1m") for _ in range(2)]
    # Two instances, one budget: 127.0.0.1's requests count wherever they land. (A rerun within the
    # window on the same Redis may start over the limit; it must still be refused, never admitted.)
    statuses = [requests.get(limited[i % 2] + "/api/v1/budget/type/all", timeout=10)
                for i in range(limit + 1)]
    refused = [r for r in statuses if r.status_code == 429]
    assert refused, [r.status_code for r in statuses]
    assert all(r.status_code == 401 for r in statuses[:statuses.index(refused[0])])  # admitted: no token
    assert error_code(refused[0]) == "TOO_MANY_REQUESTS"
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert requests.get(limited[0] + "/healthz", timeout=10).status_code == 200  # only API routes count
    assert requests.get(system.portal + "/api/v1/budget/type/all", timeout=10).status_code == 401  # off


def test_metrics_only_for_the_listed_peers(system, start):
    local = requests.get(system.portal + "/metrics", timeout=10)  # default list: loopback
    assert local.status_code == 200 and "http_requests_total" in local.text
    closed = second_portal(system, start, BUDGETHUB_HTTP_METRICS_ALLOW="10.9.9.9")
    r = requests.get(closed + "/metrics", timeout=10)
    assert r.status_code == 403 and error_code(r) == "METRICS_ACCESS_DENIED", r.text
    assert "http_requests_total" not in r.text
    assert requests.get(closed + "/healthz", timeout=10).status_code == 200
    opened = second_portal(system, start, BUDGETHUB_HTTP_METRICS_ALLOW="*")
    assert requests.get(opened + "/metrics", timeout=10).status_code == 200


def test_in_process_and_http_forwarding_answer_alike(system, start):
    http_portal = second_portal(system, start)
    manager = system.user_with_role("MANAGER")
    name = f"Alike {uuid.uuid4().hex[:8]}"
    created = system.post("/api/v1/budget/type/create", manager,
                          json={"name": name, "description": "d", "availableFunds": 100})
    assert created.status_code in (200, 201), created.text
    type_id = created.json()["id"]
    cases = [
        ("GET", f"/api/v1/budget/type/{type_id}", None),
        ("GET", "/api/v1/budget/type/0190a3c2-0000-7000-8000-000000000000", None),  # 404
        ("GET", f"/api/v1/user-credentials/get-user-by-id?id={manager.id}", None),
        ("POST", "/api/v1/budget/type/create", {"name": " ", "availableFunds": 1.005}),  # 400, per field
        ("POST", "/api/v1/budget/type/create", {"name": name, "description": "d", "availableFunds": 5}),  # 409
        ("POST", "/api/v1/auth/sign-in", {"email": manager.email, "password": "x" * (2 << 20)}),  # 413
    ]
    seen = []
    for method, path, body in cases:
        answers = [requests.request(method, base + path, json=body, headers=manager.headers(), timeout=30)
                   for base in (system.portal, http_portal)]
        assert comparable(answers[0]) == comparable(answers[1]), (method, path)
        seen.append(answers[0].status_code)
    assert seen == [200, 404, 200, 400, 409, 413], seen


# ---------------------------------------------------------------------------------------------
# Sign-out: last, because it revokes tokens.

def test_sign_out_is_seen_by_a_second_portal_within_a_second(system, start):
    second_url = second_portal(system, start)
    user = system.user_with_role("MANAGER")
    route = second_url + "/api/v1/budget/type/all"
    before = requests.get(route, headers=user.headers(), timeout=10)
    assert before.status_code not in (401, 403), before.text
    out = requests.post(system.portal + "/api/v1/auth/sign-out", headers=user.headers(), timeout=10)
    assert out.status_code in (200, 204), out.text
    signed_out_at = time.monotonic()
    while True:
        r = requests.get(route, headers=user.headers(), timeout=10)
        if r.status_code == 401:
            assert error_code(r) == "INVALID_TOKEN"
            break
        assert time.monotonic() - signed_out_at < 1.0, "the second portal still accepts a signed-out token"
        time.sleep(0.05)


def test_a_signed_out_token_is_refused_at_once_through_the_portal_that_just_accepted_it(system):
    # The portal trusts "not revoked" for portal.revocation_cache (250 ms); the service behind it
    # asks Redis on every request, so the very next request is refused all the same.
    user = system.user_with_role("MANAGER")
    for _ in range(3):
        assert system.get("/api/v1/budget/type/all", user).status_code == 200
    out = system.post("/api/v1/auth/sign-out", user)
    assert out.status_code in (200, 204), out.text
    r = system.get("/api/v1/budget/type/all", user)
    assert r.status_code == 401 and error_code(r) == "INVALID_TOKEN", r.text


@pytest.mark.parametrize("role", ROLES)
def test_sign_out_is_open_to_every_role(system, role):
    user = system.user_with_role(role) if role != "ADMIN" else system.admin.__class__(
        system, system.admin.body, {"id": system.admin.id}).sign_in()
    assert requests.post(system.portal + "/api/v1/auth/sign-out", timeout=10).status_code == 401
    r = requests.post(system.portal + "/api/v1/auth/sign-out", headers=user.headers(), timeout=10)
    assert r.status_code not in (401, 403), r.text
