"""Hostile input through the portal: every limit answered with a clear 4xx (or 503) in our error body,
and the server still serving everyone else. docs/reliability.md ("Hostile input") lists each attack with
the answer expected and seen; this file is where they are tried.

Tests that need other limits than the shared system's start their own portal in front of its services
(forwarding over HTTP) with the setting changed."""
import datetime
import os
import socket
import ssl
import threading
import time

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import free_port, wait_ready


def error(r, status, code):
    assert r.status_code == status, f"{r.status_code} {r.text[:300]}"
    body = r.json()
    assert body["errorCode"] == code, body
    assert body["status"] == status
    assert body.get("message"), body
    return body


def portal_env(system, **env):
    return {"BUDGETHUB_PORTAL_PORT": str(free_port()),
            **{f"BUDGETHUB_{name.upper()}_PORT": str(p) for name, p in system.ports.items() if name != "portal"},
            **env}


def own_portal(system, start, **env):
    """A portal process of its own in front of the system's services, with `env` changed."""
    env = portal_env(system, **env)
    running = start("serve", "--target", "portal", env=env)
    url = f"http://127.0.0.1:{env['BUDGETHUB_PORTAL_PORT']}"
    wait_ready(url + "/readyz", running=running)
    return url


def raw(port, data, timeout=5):
    """Sends raw bytes and returns what the server answers until it closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except socket.timeout:
            pass
        return out


# ---------------------------------------------------------------------------------------------
# Bodies

@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,                      # 100,000 levels of nesting
    b'{"a":' * 64 + b"1" + b"}" * 64,                      # deeper than the parser's 32
    b"\xff\xfe\x00{not json",                                # not UTF-8, not JSON
    b'{"name": "x", "description": "y", "allocated": 1e400}',  # a number no double holds
    b"[1, 2, 3]",                                            # JSON, but not an object
    b"",                                                      # nothing at all
], ids=["deep-arrays", "deep-objects", "binary", "huge-number", "array", "empty"])
def test_a_body_that_is_not_a_usable_json_object_is_a_400(system, body):
    r = requests.post(system.portal + "/api/v1/budget/type/create", data=body, timeout=30,
                      headers={**system.admin.headers(), "Content-Type": "application/json"})
    assert r.status_code == 400, r.text[:300]
    assert r.json()["errorCode"] in ("JSON_PARSE_ERROR", "VALIDATION_ERROR"), r.text[:300]
    assert system.get("/api/v1/budget/type/all", system.admin).status_code == 200  # still serving


def test_control_characters_and_oversized_text_in_fields_are_400(system):
    for name in ("bad\u0000name", "bad\u001bname", "x" * 100_000):
        r = system.post("/api/v1/budget/type/create", system.admin,
                        json={"name": name, "description": "d", "allocated": "10.00"})
        error(r, 400, "VALIDATION_ERROR")


# ---------------------------------------------------------------------------------------------
# Paging and query strings

@pytest.mark.parametrize("query", [
    "size=100000", "size=0", "size=-1", "page=-1", "page=99999999999999999999999", "size=abc",
    "sort=password,asc", "sort=name;DROP TABLE budget_types", "page=1.5", "size=%00",
], ids=lambda q: q[:24])
def test_paging_parameters_out_of_bounds_are_400(system, query):
    r = system.get("/api/v1/budget/type/all?" + query, system.admin)
    error(r, 400, "VALIDATION_ERROR")


# ---------------------------------------------------------------------------------------------
# Heads: size, slow clients, connection count

def test_a_head_over_the_limit_is_a_431_with_our_body(system):
    r = requests.get(system.portal + "/api/v1/budget/type/all", timeout=30,
                     headers={**system.admin.headers(), "X-Padding": "a" * 40_000})
    error(r, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE")
    r = requests.get(system.portal + "/api/v1/budget/type/all?q=" + "b" * 40_000, timeout=30)
    error(r, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE")


def test_slow_loris_clients_are_cut_off_and_others_still_served(system, start):
    url = own_portal(system, start, BUDGETHUB_HTTP_IDLE_TIMEOUT="2s", BUDGETHUB_HTTP_READ_TIMEOUT="2s")
    port = int(url.rsplit(":", 1)[1])
    slow = []
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /api/v1/budget/type/all HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    started = time.monotonic()
    closed_after = [None] * len(slow)

    def dribble(i, s):
        try:
            while time.monotonic() - started < 8:
                s.sendall(b"X-Slow: 1\r\n")  # a header line every 0.3 s, never the end of the head
                time.sleep(0.3)
        except OSError:
            closed_after[i] = time.monotonic() - started

    threads = [threading.Thread(target=dribble, args=(i, s)) for i, s in enumerate(slow)]
    for t in threads:
        t.start()
    try:
        for _ in range(5):  # meanwhile everyone else is served at once
            assert requests.get(url + "/healthz", timeout=2).status_code == 200
            time.sleep(0.2)
    finally:
        for t in threads:
            t.join()
        for s in slow:
            s.close()
    assert all(t is not None and t < 6 for t in closed_after), closed_after


def test_connections_over_the_limit_get_a_503_and_the_rest_go_on(system, start):
    url = own_portal(system, start, BUDGETHUB_HTTP_MAX_CONNECTIONS="4")
    port = int(url.rsplit(":", 1)[1])
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(4)]
    try:
        time.sleep(0.3)  # accepted and counted
        answer = raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503"), answer[:300]
        assert b'"SERVICE_UNAVAILABLE"' in body, body
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert requests.get(url + "/healthz", timeout=5).status_code == 200


# ---------------------------------------------------------------------------------------------
# Request rates

def test_rate_limit_per_user_wherever_the_requests_come_from(system, start):
    limit = 5
    url = own_portal(system, start, BUDGETHUB_PORTAL_RATE_LIMIT_PER_USER=str(limit),
                     BUDGETHUB_PORTAL_RATE_LIMIT_WINDOW="1m")
    greedy = system.user_with_role("MANAGER")
    other = system.user_with_role("MANAGER")
    statuses = [requests.get(url + "/api/v1/budget/type/all", headers=greedy.headers(), timeout=10)
                for _ in range(limit + 1)]
    assert [r.status_code for r in statuses[:limit]] == [200] * limit, [r.status_code for r in statuses]
    error(statuses[limit], 429, "TOO_MANY_REQUESTS")
    assert int(statuses[limit].headers["Retry-After"]) >= 1
    assert requests.get(url + "/api/v1/budget/type/all", headers=other.headers(), timeout=10).status_code == 200
    # Unauthenticated requests are not counted against anyone: they are refused for what they are.
    assert requests.get(url + "/api/v1/budget/type/all", timeout=10).status_code == 401


# ---------------------------------------------------------------------------------------------
# Security headers and TLS

def test_security_headers_on_api_answers_and_pages(system):
    for r in (system.get("/api/v1/budget/type/all", system.admin),
              requests.get(system.portal + "/api/v1/budget/type/all", timeout=10),  # 401
              requests.get(system.portal + "/v3/api-docs", timeout=10)):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Content-Security-Policy"].startswith("default-src 'none'"), r.headers
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        # API answers are never cached; the API document may be, after revalidation.
        assert r.headers["Cache-Control"] == ("no-cache" if r.url.endswith("/v3/api-docs") else "no-store")
    page = requests.get(system.portal + "/", timeout=10)
    assert page.headers["Content-Type"].startswith("text/html")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP, no TLS in front configured


def self_signed(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = directory / "portal.crt", directory / "portal.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    os.chmod(key_file, 0o600)
    return cert_file, key_file


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ssl.TLSVersion.TLSv1_1, used to be refused
def test_the_portal_serves_https_with_a_configured_certificate(system, start, tmp_path):
    cert_file, key_file = self_signed(tmp_path)
    env = portal_env(system, BUDGETHUB_PORTAL_TLS_CERT_FILE=str(cert_file),
                     BUDGETHUB_PORTAL_TLS_KEY_FILE=str(key_file))
    port = int(env["BUDGETHUB_PORTAL_PORT"])
    running = start("serve", "--target", "portal", env=env)
    url = f"https://localhost:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url + "/readyz", verify=str(cert_file), timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert running.proc.poll() is None, running.log()[-2000:]
        assert time.monotonic() < deadline, "HTTPS portal not ready"
        time.sleep(0.2)
    r = requests.get(url + "/api/v1/budget/type/all", headers=system.admin.headers(), verify=str(cert_file), timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Strict-Transport-Security"].startswith("max-age=15552000")
    with pytest.raises(requests.exceptions.SSLError):  # a client that does not trust it refuses it
        requests.get(url + "/healthz", timeout=5)
    # Plain HTTP on the HTTPS port gets no HTTP answer.
    assert not raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=3).startswith(b"HTTP/1.1 200")
    # Old protocol versions are refused.
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
    old.maximum_version = ssl.TLSVersion.TLSv1_1
    old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        with pytest.raises(ssl.SSLError):
            old.wrap_socket(s, server_hostname="localhost").do_handshake()


def test_a_tls_key_others_can_read_stops_the_start(system, start, tmp_path):
    cert_file, key_file = self_signed(tmp_path)
    os.chmod(key_file, 0o644)
    running = start("serve", "--target", "portal",
                    env=portal_env(system, BUDGETHUB_PORTAL_TLS_CERT_FILE=str(cert_file),
                                   BUDGETHUB_PORTAL_TLS_KEY_FILE=str(key_file)))
    assert running.proc.wait(timeout=30) != 0
    assert "chmod 600" in running.log()
