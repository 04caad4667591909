"""Nothing lost (issue 15), black-box through `make run` itself: scripts/run on a data folder of its own
(the CI build's binary, no second build). The data survives `make stop` + `make run`; a service
process killed with SIGKILL is restarted by the supervisor; a revoked token stays revoked across a
Redis restart and across a Redis that lost the deny-list; a backup, wipe and restore brings back
every record and file; and `make run` lets the local web-dev origins through CORS.

The tests of this module run in order on one installation (each leaves it running for the next)."""
import base64
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

from conftest import environment_without_settings, read_env, unique, user_body

ROOT = pathlib.Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"
SERVICES = ["auth", "budget", "payment", "notification", "portal"]


class Installation:
    """One `make run` installation on a data folder of its own."""

    def __init__(self, data):
        self.data = data
        # Nothing of the test stack's BUDGETHUB_* settings: make run configures its own.
        self.env = environment_without_settings()
        self.env.update(BUDGETHUB_DATA=str(data), BUDGETHUB_BINARY=os.environ["BH_BINARY"])
        self.portal = None

    def script(self, *args, timeout=300, check=True):
        r = subprocess.run([str(ROOT / "scripts" / args[0]), *args[1:]], env=self.env, capture_output=True,
                           text=True, timeout=timeout)
        if check:
            assert r.returncode == 0, f"{args} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        return r

    def run(self):
        r = self.script("run", "--detach")
        assert f"data: {self.data}" in r.stdout, r.stdout
        self.endpoints = read_env(self.data / "endpoints.env")
        self.portal = self.endpoints["PORTAL_URL"]
        assert f"BudgetHub portal: {self.portal}" in r.stdout
        return r

    def stop(self):
        return self.script("run", "--stop")

    def service_pid(self):
        return int((self.data / "budgethub.pid").read_text())

    def wait_ready(self, deadline_s=90):
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            try:
                if all(requests.get(f"http://127.0.0.1:{self.endpoints[s.upper() + '_PORT']}/readyz",
                                    timeout=2).status_code == 200 for s in SERVICES):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        pytest.fail(f"not ready after {deadline_s}s:\n{(self.data / 'logs' / 'supervisor.log').read_text()[-3000:]}")

    def stack_pid(self, server):
        return int((self.data / "stack" / "pids" / f"{server}.pid").read_text())

    # The API, as a client would use it.
    def post(self, path, token=None, headers=None, **kw):
        return requests.post(self.portal + path, headers={**auth(token), **(headers or {})}, timeout=30, **kw)

    def get(self, path, token=None, headers=None, timeout=30, **kw):
        return requests.get(self.portal + path, headers={**auth(token), **(headers or {})}, timeout=timeout, **kw)

    def sign_in(self, email, password):
        r = self.post("/api/v1/auth/sign-in", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["token"]


def auth(token):
    return {"Authorization": f"Bearer {token}"} if token else {}


def processes_with(text):
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text.encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def installation():
    # Not under pytest's private tmp (mode 0700): the postgres user must reach the cluster's folder.
    data = pathlib.Path(tempfile.mkdtemp(prefix="budgethub-durable-"))
    data.chmod(0o755)
    inst = Installation(data)
    try:
        yield inst
    finally:
        inst.script("run", "--reset", check=False, timeout=120)
        shutil.rmtree(data, ignore_errors=True)
        leftovers = processes_with(str(data))
        assert not leftovers, f"processes left running on {data}: {leftovers}"


@pytest.fixture(scope="module")
def books(installation):
    """A first run, an ADMIN and some data of each kind: a type, a supplier, an invoice with a file."""
    installation.run()
    body = user_body()
    r = installation.post("/api/v1/user-credentials/register", json=body)
    assert r.status_code in (200, 201), r.text
    token = installation.sign_in(body["email"], body["password"])
    t = installation.post("/api/v1/budget/type/create", token,
                          json={"name": unique("Durable"), "description": "kept", "availableFunds": 1234.5})
    assert t.status_code == 200, t.text
    inv = installation.post("/api/v1/invoice/create", token,
                            json={"dateOfEmission": "2024-11-10", "description": "kept invoice"})
    assert inv.status_code == 200, inv.text
    r = installation.post(f"/api/v1/invoice/attach-multipart-file/{inv.json()['id']}", token,
                          files={"file": ("receipt.pdf", PDF, "application/octet-stream")})
    assert r.status_code == 204, r.text
    # A second session, signed out: its token must stay refused whatever happens below.
    revoked = installation.sign_in(body["email"], body["password"])
    assert installation.post("/api/v1/auth/sign-out", revoked).status_code in (200, 204)
    return {"user": body, "type": t.json(), "invoice": inv.json(), "revoked": revoked}


def assert_books_intact(installation, books):
    token = installation.sign_in(books["user"]["email"], books["user"]["password"])
    got = installation.get(f"/api/v1/budget/type/{books['type']['id']}", token)
    assert got.status_code == 200, got.text
    assert got.json()["name"] == books["type"]["name"]
    file = installation.get(f"/api/v1/invoice/{books['invoice']['id']}/file", token)
    assert file.status_code == 200 and file.content == PDF
    assert installation.get("/api/v1/budget/type/all", books["revoked"]).status_code == 401
    return token


def test_data_survives_stop_and_run(installation, books):
    assert_books_intact(installation, books)
    pg_data = installation.data / "stack" / "pg" / "data"
    assert pg_data.is_dir(), "the PostgreSQL cluster lives in the data folder"
    conf = subprocess.run(["psql", "-X", "-A", "-t", "-d", installation.endpoints["PG_URL"], "-c",
                           "SELECT current_setting('fsync') || current_setting('synchronous_commit') || "
                           "current_setting('full_page_writes')"], capture_output=True, text=True, timeout=30)
    assert conf.stdout.strip() == "ononon", conf.stdout + conf.stderr

    supervisor = int((installation.data / "supervisor.pid").read_text())
    service = installation.service_pid()
    installation.stop()
    assert not processes_with(str(installation.data)), "make stop left stack servers behind"
    for pid in (supervisor, service):
        assert not pathlib.Path(f"/proc/{pid}").exists(), f"make stop left process {pid} behind"
    assert pg_data.is_dir(), "make stop keeps the data"
    portal_before = installation.portal
    installation.run()
    assert installation.portal == portal_before, "the same ports when they are free"
    assert_books_intact(installation, books)


def test_a_killed_service_is_restarted_by_the_supervisor(installation, books):
    pid = installation.service_pid()
    os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if installation.service_pid() != pid:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    assert installation.service_pid() != pid, "not restarted within 60 s"
    installation.wait_ready()
    log = (installation.data / "logs" / "supervisor.log").read_text()
    assert "budgethub exited (code 137); restarting in 1s" in log, log[-2000:]
    assert_books_intact(installation, books)


def never_accepted_until_refused(installation, token, deadline_s=30, until=lambda: True):
    """Polls with a revoked token until it is refused with 401 once `until()` holds: 503 is allowed
    while the deny-list cannot be checked, 200 never."""
    statuses = []
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            status = installation.get("/api/v1/budget/type/all", token, timeout=5).status_code
        except requests.RequestException:
            status = "no answer"
        statuses.append(status)
        assert status != 200, f"a signed-out token was accepted: {statuses}"
        if status == 401 and until():
            return statuses
        time.sleep(0.1)
    pytest.fail(f"never refused with 401: {statuses[-20:]}")


def test_revocation_survives_a_redis_restart_and_a_lost_deny_list(installation, books):
    token = installation.sign_in(books["user"]["email"], books["user"]["password"])
    signed_out = installation.sign_in(books["user"]["email"], books["user"]["password"])
    assert installation.post("/api/v1/auth/sign-out", signed_out).status_code in (200, 204)

    # A restart: the supervisor sees the server gone and starts it again on its append-only file.
    redis_pid = installation.stack_pid("redis")
    os.kill(redis_pid, signal.SIGTERM)

    def restarted():
        try:
            return installation.stack_pid("redis") != redis_pid
        except (OSError, ValueError):
            return False
    statuses = never_accepted_until_refused(installation, signed_out, deadline_s=60, until=restarted)
    assert 503 in statuses or "no answer" in statuses, f"Redis was never seen down: {statuses}"

    # Redis lost everything (a restart without persistence, a flush, a failover): services fail
    # closed until auth has rebuilt the list from its database, then refuse the token again.
    port = read_env(installation.data / "stack" / "state" / "redis.env")["REDIS_PORT"]
    subprocess.run(["redis-cli", "-p", port, "FLUSHALL"], check=True, capture_output=True, timeout=10)
    for revoked in (signed_out, books["revoked"]):
        never_accepted_until_refused(installation, revoked)
    # And a token that was never revoked works again once the list is whole.
    end = time.monotonic() + 30
    while installation.get("/api/v1/budget/type/all", token).status_code != 200:
        assert time.monotonic() < end, "a valid token stayed refused after the rebuild"
        time.sleep(0.2)


def test_backup_wipe_restore_round_trip(installation, books, tmp_path):
    token = installation.sign_in(books["user"]["email"], books["user"]["password"])
    inv = installation.post("/api/v1/invoice/create", token,
                            json={"dateOfEmission": "2024-12-01", "description": "second invoice"})
    png = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes * 50
    r = installation.post(f"/api/v1/invoice/attach-multipart-file/{inv.json()['id']}", token,
                          files={"file": ("scan.png", png, "application/octet-stream")})
    assert r.status_code == 204, r.text
    types_before = installation.get("/api/v1/budget/type/all?size=100", token).json()["content"]

    archive = tmp_path / "budgethub.tar.gz"
    r = installation.script("backup", "create", str(archive))
    assert archive.is_file(), r.stderr
    assert "databases, 2 objects" in r.stderr, r.stderr
    installation.wait_ready()  # the paused service carries on

    installation.script("run", "--reset")
    assert not installation.data.exists()
    installation.data.mkdir(mode=0o755)
    installation.run()
    assert installation.post("/api/v1/auth/sign-in", json={"email": books["user"]["email"],
                                                           "password": books["user"]["password"]}).status_code == 401

    installation.script("backup", "restore", str(archive))
    installation.wait_ready()
    token = assert_books_intact(installation, books)
    assert installation.get("/api/v1/budget/type/all?size=100", token).json()["content"] == types_before
    got = installation.get(f"/api/v1/invoice/{inv.json()['id']}", token).json()
    assert base64.b64decode(got["fileBase64"]) == png


def test_make_run_allows_local_web_development_origins(installation, books):
    for origin in ("http://localhost:4200", "http://127.0.0.1:4200", installation.portal):
        r = requests.options(installation.portal + "/api/v1/budget/type/all", timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization,content-type"})
        assert r.status_code in (200, 204), (origin, r.status_code, r.text)
        assert r.headers["Access-Control-Allow-Origin"] == origin
        assert "authorization" in r.headers["Access-Control-Allow-Headers"].lower()
        token = installation.sign_in(books["user"]["email"], books["user"]["password"])
        actual = installation.get("/api/v1/budget/type/all", token, headers={"Origin": origin})
        assert actual.headers.get("Access-Control-Allow-Origin") == origin
    r = requests.options(installation.portal + "/api/v1/budget/type/all", timeout=10, headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_outside_make_run_no_origin_is_allowed_by_default(system):
    r = requests.options(system.portal + "/api/v1/budget/type/all", timeout=10, headers={
        "Origin": "http://localhost:4200", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_a_crash_loop_stops_with_a_clear_message_and_the_data_intact(tmp_path):
    data = pathlib.Path(tempfile.mkdtemp(prefix="budgethub-crashloop-"))
    data.chmod(0o755)
    crashing = tmp_path / "budgethub"  # a service that dies at once, every time
    crashing.write_text("#!/bin/sh\necho 'fatal: cannot start' >&2\nexit 3\n")
    crashing.chmod(0o755)
    inst = Installation(data)
    inst.env["BUDGETHUB_BINARY"] = str(crashing)
    try:
        r = inst.script("run", "--detach", check=False)
        assert r.returncode != 0
        assert "5 times within 60s (last code 3): crash loop, giving up" in r.stderr, r.stderr[-3000:]
        assert "fatal: cannot start" in r.stderr  # the service's own last lines
        assert "the data is intact in" in r.stderr
        assert (data / "stack" / "pg" / "data" / "PG_VERSION").is_file()
        assert not processes_with(str(data)), "a crash loop left processes behind"
    finally:
        inst.script("run", "--reset", check=False, timeout=120)
        shutil.rmtree(data, ignore_errors=True)
