"""Black-box tests: the real `budgethub` binary against the real stack (scripts/test exports the
endpoints of .run/endpoints.env and BH_BINARY)."""
import os
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
