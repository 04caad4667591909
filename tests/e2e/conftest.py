"""Black-box tests: the real `budgethub` binary against the real stack (scripts/test exports the
endpoints of .run/endpoints.env and BH_BINARY)."""
import os
import pathlib
import signal
import subprocess
import time

import pytest
import requests

SERVICES = ["auth", "budget", "payment", "notification", "portal"]


def require(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run through scripts/test (it starts the stack)")
    return value


@pytest.fixture(scope="session")
def binary():
    path = require("BH_BINARY")
    assert os.access(path, os.X_OK), path
    return path


def service_url(name):
    return f"http://127.0.0.1:{require(name.upper() + '_PORT')}"


def wait_ready(url, deadline_s=60, running=None):
    """Polls GET url until 200; returns seconds waited. Fails the test at the deadline, or at once
    when `running` (a Running) has exited."""
    started = time.monotonic()
    last = None
    while time.monotonic() - started < deadline_s:
        if running is not None and running.proc.poll() is not None:
            pytest.fail(f"budgethub exited with {running.proc.returncode}:\n{running.log()[-3000:]}")
        try:
            r = requests.get(url, timeout=2)
            if r.status_code == 200:
                return time.monotonic() - started
            last = f"{r.status_code} {r.text[:300]}"
        except requests.RequestException as e:
            last = str(e)
        time.sleep(0.1)
    pytest.fail(f"{url} not ready after {deadline_s}s: {last}")


class Running:
    def __init__(self, proc, log_path):
        self.proc = proc
        self.log_path = log_path

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"budgethub did not exit {timeout}s after {sig!r}")


@pytest.fixture
def start(binary, tmp_path):
    started = []

    def _start(*args, env=None):
        log_path = tmp_path / f"budgethub-{len(started)}.log"
        merged = dict(os.environ, BUDGETHUB_LOG_FORMAT="json", **(env or {}))
        proc = subprocess.Popen([binary, *args], stdout=open(log_path, "w"), stderr=subprocess.STDOUT, env=merged)
        running = Running(proc, log_path)
        started.append(running)
        return running

    yield _start
    for running in started:  # a test's processes never outlive it
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait()


# ---------------------------------------------------------------------------------------------
# The whole system, once per test session: `budgethub serve --target all` on free ports, with its
# own databases and topics so it never meets the processes other tests start.

import itertools
import random
import socket
import string
import urllib.parse
import uuid

_counter = itertools.count(1)


def sql(database, query):
    """Runs `query` in `database` of the stack's PostgreSQL (PG_URL); its rows as psql -At prints them."""
    url = urllib.parse.urlparse(require("PG_URL"))
    dsn = url._replace(path="/" + database).geturl()
    out = subprocess.run(["psql", dsn, "-Atc", query], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def read_env(path):
    """The KEY=VALUE lines of an endpoints.env-style file (what scripts/stack writes)."""
    values = {}
    for line in pathlib.Path(path).read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def environment_without_settings():
    """This process's environment without BUDGETHUB_* settings: for a program that configures its own
    (`make run`, a private stack)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BUDGETHUB_")}


class PrivateStack:
    """scripts/stack on its own BUDGETHUB_RUN, for a suite that starts, stops and breaks its own servers (the
    fault and cluster suites): `script("up")`, `script("stop", "--only", "redis")`, `endpoints()`."""

    def __init__(self, run_dir, timeout=300):
        self.run_dir = pathlib.Path(run_dir)
        self.timeout = timeout
        self.env = dict(environment_without_settings(), BUDGETHUB_RUN=str(run_dir))

    def script(self, *args, timeout=None):
        root = pathlib.Path(__file__).resolve().parents[2]
        r = subprocess.run([str(root / "scripts" / "stack"), *args], env=self.env, capture_output=True, text=True,
                           timeout=timeout or self.timeout)
        assert r.returncode == 0, f"scripts/stack {' '.join(args)}: {r.stdout[-2000:]}{r.stderr[-3000:]}"
        return r

    def endpoints(self):
        return read_env(self.run_dir / "endpoints.env")


# What a program sends to read a 400's problems per field (docs/api.md, "Validation errors").
PROBLEM_JSON = {"Accept": "application/problem+json"}


_issued_ports = set()


def free_port():
    """A port nothing listens on, below the kernel's ephemeral range (ip_local_port_range, 32768 up by
    default): a port from the ephemeral range can be taken by any outgoing connection (a pool, a Kafka
    client) between this check and the server's bind. Never the same port twice in one test process:
    ports handed out for servers not started yet (two instances' five services each) are free too, and
    a repeat made the second server's bind fail ("Address already in use", make test's fault stage)."""
    low = 32768
    try:
        low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    for _ in range(1000):
        port = random.randint(max(1024, low - 12000), low - 1)
        if port in _issued_ports:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            _issued_ports.add(port)
            return port
    raise RuntimeError("no free port below the ephemeral range")


def unique(prefix="t"):
    return f"{prefix}{next(_counter)}{uuid.uuid4().hex[:8]}"


def user_body(**overrides):
    """A valid registration body (seed-spec §1.2 #4); tests override what they exercise."""
    tag = uuid.uuid4().int
    body = {
        "firstName": "Ada",
        "lastName": "Lovelace",
        "nif": str(100_000_000 + tag % 899_999_999),
        "email": f"user{tag % 10**12}@budgethub.test",
        "password": "Correct-Horse-9",
        "dateOfBirth": "1990-05-17",
        "nationality": "Portuguese",
        "gender": "Female",
        "phoneNumber": "+3519" + str(10_000_000 + tag % 89_999_999),
    }
    body.update(overrides)
    return body


class User:
    def __init__(self, system, body, tokens):
        self.system = system
        self.body = body
        self.email = body["email"]
        self.password = body["password"]
        self.id = tokens.get("id")
        self.token = tokens.get("token")
        self.refresh_token = tokens.get("refreshToken")

    def headers(self, **extra):
        return {"Authorization": f"Bearer {self.token}", **extra}

    def sign_in(self):
        r = requests.post(f"{self.system.portal}/api/v1/auth/sign-in",
                          json={"email": self.email, "password": self.password}, timeout=10)
        assert r.status_code == 200, r.text
        tokens = r.json()
        self.id = tokens.get("id", self.id)
        self.token = tokens["token"]
        self.refresh_token = tokens["refreshToken"]
        return self


class System:
    def __init__(self, running, ports, env):
        self.running = running
        self.ports = ports
        self.env = env
        self.portal = f"http://127.0.0.1:{ports['portal']}"
        self.admin = None

    def url(self, service):
        return f"http://127.0.0.1:{self.ports[service]}"

    def register(self, **overrides):
        body = user_body(**overrides)
        r = requests.post(f"{self.portal}/api/v1/user-credentials/register", json=body, timeout=10)
        assert r.status_code in (200, 201), r.text
        return User(self, body, r.json())

    def user_with_role(self, role):
        """A new user holding `role` (granted by the admin), signed in so the token carries it."""
        user = self.register()
        if role is not None:
            r = requests.post(f"{self.portal}/api/v1/user-credentials/{user.id}/roles/{role}",
                              headers=self.admin.headers(), timeout=10)
            assert r.status_code in (200, 204), r.text
        return user.sign_in()

    @staticmethod
    def _headers(user, extra):
        return {**(user.headers() if user else {}), **(extra or {})}

    def get(self, path, user=None, headers=None, **kwargs):
        return requests.get(self.portal + path, headers=self._headers(user, headers), timeout=30, **kwargs)

    def post(self, path, user=None, headers=None, **kwargs):
        return requests.post(self.portal + path, headers=self._headers(user, headers), timeout=30, **kwargs)

    def put(self, path, user=None, headers=None, **kwargs):
        return requests.put(self.portal + path, headers=self._headers(user, headers), timeout=30, **kwargs)

    def delete(self, path, user=None, headers=None, **kwargs):
        return requests.delete(self.portal + path, headers=self._headers(user, headers), timeout=30, **kwargs)


def system_environment(ports, tag):
    env = {f"BUDGETHUB_{name.upper()}_PORT": str(port) for name, port in ports.items()}
    env["BUDGETHUB_POSTGRES_DATABASE_PREFIX"] = f"bh_e2e_{tag}_"
    env["BUDGETHUB_KAFKA_TOPIC_PREFIX"] = f"budgethub.e2e{tag}."
    env["BUDGETHUB_LOG_FORMAT"] = "json"
    # Every test signs in from 127.0.0.1: the per-address budget is for real clients, not this suite
    # (test_auth.py checks the limit on its own instance).
    env["BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_ADDRESS"] = "100000"
    return env


def launch_system(binary, log_dir, extra_env=None):
    """All five services in one process on free ports, with their own databases and topics, and its
    first user (ADMIN) signed in. `extra_env` overrides settings. The caller stops system.running."""
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    ports = {name: free_port() for name in SERVICES}
    env = {**os.environ, **system_environment(ports, tag), **(extra_env or {})}
    log_path = log_dir / "budgethub.log"
    proc = subprocess.Popen([binary, "serve", "--target", "all"], stdout=open(log_path, "w"),
                            stderr=subprocess.STDOUT, env=env)
    running = Running(proc, log_path)
    system = System(running, ports, env)
    try:
        for name in SERVICES:
            wait_ready(f"{system.url(name)}/readyz", deadline_s=90, running=running)
        system.admin = system.register(firstName="Admin").sign_in()  # the first user: ADMIN
    except BaseException:
        running.stop()
        raise
    return system


@pytest.fixture(scope="session")
def system(binary, tmp_path_factory):
    system = launch_system(binary, tmp_path_factory.mktemp("system"))
    try:
        yield system
    finally:
        system.running.stop()
