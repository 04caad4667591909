"""The binary's lifecycle: serve every target against the real stack, readiness, metrics, request
ids, error bodies, graceful shutdown, configuration errors."""
import json
import signal
import subprocess
import time

import requests

from conftest import SERVICES, service_url, wait_ready


def test_all_targets_become_ready_and_stop_cleanly(start):
    running = start("serve", "--target", "all")
    for name in SERVICES:
        wait_ready(service_url(name) + "/readyz", running=running)
        body = requests.get(service_url(name) + "/readyz", timeout=5).json()
        assert body["status"] == "UP", body
    metrics = requests.get(service_url("budget") + "/metrics", timeout=5).text
    assert "http_requests_total" in metrics
    assert "http_request_duration_seconds_bucket" in metrics
    started = time.monotonic()
    assert running.stop(signal.SIGTERM) == 0
    assert time.monotonic() - started < 15
    log = running.log()
    for name in SERVICES:
        assert f"{name} stopped" in log


def test_every_log_line_is_json_and_requests_are_logged_once(start):
    running = start("serve", "--target", "portal")
    wait_ready(service_url("portal") + "/healthz", running=running)
    r = requests.get(service_url("portal") + "/healthz", headers={"X-Request-Id": "e2e-req-1"}, timeout=5)
    assert r.headers["X-Request-Id"] == "e2e-req-1"
    assert r.headers["traceparent"].startswith("00-")
    running.stop()
    lines = [json.loads(line) for line in running.log().splitlines() if line.strip()]
    access = [l for l in lines if l.get("rid") == "e2e-req-1"]
    assert len(access) == 1, access
    assert access[0]["logger"] == "access"
    assert access[0]["status"] == 200
    assert access[0]["route"] == "/healthz"
    assert access[0]["ms"] >= 0


def test_unknown_route_gets_the_contract_error_body(start):
    running = start("serve", "--target", "portal")
    wait_ready(service_url("portal") + "/healthz", running=running)
    r = requests.get(service_url("portal") + "/api/v1/nothing-here", timeout=5)
    assert r.status_code == 404
    assert set(r.json()) >= {"message", "status", "errorCode"}
    assert r.json()["status"] == 404


def test_second_instance_on_a_taken_port_fails_fast(start):
    first = start("serve", "--target", "portal")
    wait_ready(service_url("portal") + "/healthz", running=first)
    second = start("serve", "--target", "portal")
    assert second.proc.wait(timeout=20) != 0


def test_configuration_errors_are_all_reported_and_stop_startup(binary, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("http:\n  max_body_bytes: 1\n  nonsense: 3\n")
    r = subprocess.run([binary, "--config", str(config), "config"], capture_output=True, text=True,
                       env={"BUDGETHUB_LOG_LEVLE": "debug", "PATH": "/usr/bin:/bin"}, timeout=20)
    assert r.returncode == 2
    assert "http.max_body_bytes" in r.stderr
    assert "http.nonsense: unknown key" in r.stderr
    assert "BUDGETHUB_LOG_LEVLE: unknown environment variable" in r.stderr


def test_config_output_masks_secrets(binary):
    r = subprocess.run([binary, "config"], capture_output=True, text=True, timeout=20,
                       env={"BUDGETHUB_POSTGRES_URL": "postgresql://bh:hunter2@db:5432/x", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0
    assert "hunter2" not in r.stdout
    assert "postgres.url = postgresql://****@db:5432/x" in r.stdout


def test_unknown_target_is_rejected(binary):
    r = subprocess.run([binary, "serve", "--target", "portal,ledger"], capture_output=True, text=True, timeout=20)
    assert r.returncode == 2
    assert "unknown target 'ledger'" in r.stderr


def test_version_and_help(binary):
    assert subprocess.run([binary, "version"], capture_output=True, text=True).stdout.startswith("budgethub ")
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    for word in ("serve", "config", "version"):
        assert word in help_text


def test_portal_alone_is_not_ready_and_says_why(start):
    running = start("serve", "--target", "portal")
    wait_ready(service_url("portal") + "/healthz", running=running)
    started = time.monotonic()
    r = requests.get(service_url("portal") + "/readyz", timeout=5)
    assert time.monotonic() - started < 3  # a refused upstream is reported at once, not at the deadline
    assert r.status_code == 503
    checks = r.json()["checks"]
    assert checks["redis"] == "UP"
    assert checks["auth"].startswith("DOWN") and checks["budget"].startswith("DOWN")


def test_migrate_creates_and_is_idempotent(binary):
    for _ in range(2):
        r = subprocess.run([binary, "migrate", "--target", "auth,budget,payment,notification"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "schema up to date" in r.stdout


def test_readiness_fails_when_postgres_is_unreachable(start):
    # Port 1 on loopback: nothing listens, so the pool cannot connect; start-up must fail clearly.
    running = start("serve", "--target", "budget",
                    env={"BUDGETHUB_POSTGRES_URL": "postgresql://postgres@127.0.0.1:1/postgres"})
    assert running.proc.wait(timeout=30) != 0
    assert "start-up failed" in running.log()
