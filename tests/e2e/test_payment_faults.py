"""Payment faults (issue 11): the Stripe double stopped or frozen in the middle of a flow, and the
payment process SIGKILLed between Stripe's answer and our commit.

The system runs on a localstripe of its own (tools/localstripe_serve.py on a free port, its objects
kept in a file so that a stopped and started double still knows them), reached through a small
forwarding proxy of this test (which can hold back Stripe's answer to a confirmation: the moment
between Stripe's work and our commit), with short Stripe deadlines and a one-second sweeper. What each test shows:

- Stripe unreachable when an intent is created: a clear 503 at once, the reservation kept for the
  same command, which (same Idempotency-Key) later resumes it: one payment, one intent, one
  reservation, nothing leaked.
- Stripe unreachable when a payment is confirmed: a clear 503; the confirmation is retried in the
  background once Stripe is back; the payment succeeds with exactly one charge, and its payer is
  told by e-mail.
- Stripe frozen (no answer): a 504 within the deadline, not a hang.
- The payment process SIGKILLed while Stripe confirms: after the restart, the sweeper reads
  Stripe's state and the payment (and its budget) follow it: succeeded, spent, nothing reserved.

Loopback only; bounded (about half a minute). It runs with the black-box tests: the faults are
those of its own Stripe double and its own system, never of the shared stack."""
import http.server
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests

from conftest import Running, free_port, launch_system, require, wait_ready
from test_payment import SECRET_A, World, error, mails_to, money, ok, reserved_of, wait_for

ROOT = pathlib.Path(__file__).resolve().parents[2]

KEY = "sk_test_faults"
STRIPE_TIMEOUT_S = 2
STRIPE_ATTEMPTS = 2


class Double:
    """A localstripe of this test: stop (SIGKILL), start again on the same port and objects, freeze."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = workdir / "localstripe.pickle"
        self.log = workdir / "localstripe.log"
        self.proc = None

    def start(self):
        # This interpreter: the tests' virtualenv, where scripts/bootstrap installed localstripe.
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "localstripe_serve.py"), "--port", str(self.port),
                                      "--store", str(self.store)], stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/v1/customers", auth=(KEY, ""), timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        pytest.fail(f"localstripe did not start: {self.log.read_text()[-2000:]}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def intent(self, intent_id):
        r = requests.get(self.url + f"/v1/payment_intents/{intent_id}", auth=(KEY, ""), timeout=5)
        r.raise_for_status()
        return r.json()

    def intents_of(self, payment_id):
        r = requests.get(self.url + "/v1/payment_intents?limit=100", auth=(KEY, ""), timeout=5)
        r.raise_for_status()
        return [i for i in r.json()["data"] if i.get("metadata", {}).get("payment_id") == payment_id]

    def succeeded_charges(self, intent_id):
        return [c for c in self.intent(intent_id)["charges"]["data"] if c.get("status") == "succeeded"]


class Proxy:
    """Forwards every call to the double. While `hold_confirmations` is set, a confirmation is carried
    out by the double but its answer is held back (until the caller is gone). A double out of reach
    is a connection closed without an answer, as a network failure looks to the caller."""

    def __init__(self, target):
        proxy = self
        self.hold_confirmations = threading.Event()
        self.confirmed = threading.Event()  # a held confirmation reached the double

        class Handler(http.server.BaseHTTPRequestHandler):
            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                try:
                    r = requests.request(self.command, target + self.path, data=body, headers=headers, timeout=30)
                except requests.RequestException:
                    self.close_connection = True
                    return
                if proxy.hold_confirmations.is_set() and self.path.endswith("/confirm"):
                    proxy.confirmed.set()
                    time.sleep(20)  # the payment process is killed meanwhile
                    self.close_connection = True
                    return
                self.send_response(r.status_code)
                self.send_header("Content-Type", r.headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(r.content)))
                self.end_headers()
                self.wfile.write(r.content)

            do_GET = do_POST = do_DELETE = forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def double(tmp_path_factory):
    d = Double(tmp_path_factory.mktemp("localstripe"))
    d.start()
    try:
        yield d
    finally:
        if d.proc and d.proc.poll() is None:
            d.proc.send_signal(signal.SIGCONT)
        d.stop()


@pytest.fixture(scope="module")
def proxy(double):
    p = Proxy(double.url)
    try:
        yield p
    finally:
        p.server.shutdown()


@pytest.fixture(scope="module")
def world(double, proxy, tmp_path_factory):
    require("KAFKA_BROKERS")
    system = launch_system(os.environ["BH_BINARY"], tmp_path_factory.mktemp("payfaults"), {
        "BUDGETHUB_PAYMENT_STRIPE_API_BASE": proxy.url,
        "BUDGETHUB_PAYMENT_STRIPE_SECRET_KEY": KEY,
        "BUDGETHUB_PAYMENT_WEBHOOK_SECRETS": SECRET_A,
        "BUDGETHUB_PAYMENT_RETURN_URL": "",
        "BUDGETHUB_PAYMENT_STRIPE_TIMEOUT": f"{STRIPE_TIMEOUT_S}s",
        "BUDGETHUB_PAYMENT_STRIPE_MAX_ATTEMPTS": str(STRIPE_ATTEMPTS),
        "BUDGETHUB_PAYMENT_STRIPE_RETRY_BASE_DELAY": "100ms",
        "BUDGETHUB_PAYMENT_CONFIRM_RETRY_BASE_DELAY": "1s",
        "BUDGETHUB_PAYMENT_CONFIRM_MAX_ATTEMPTS": "10",
        "BUDGETHUB_PAYMENT_SWEEP_INTERVAL": "1s",
    })
    w = World(system)
    try:
        yield w
    finally:
        w.system.running.stop()


def timed(call):
    started = time.monotonic()
    r = call()
    return r, time.monotonic() - started


def test_stripe_down_at_create_answers_503_and_the_same_command_resumes_once(world, double):
    before = world.usage()
    key = str(uuid.uuid4())
    double.stop()
    try:
        r, seconds = timed(lambda: world.create(key=key, amount=30, rate=0, description=f"Desk {key}"))
        body = error(r, 503, "STRIPE_UNAVAILABLE")
        assert body["message"] and seconds < STRIPE_TIMEOUT_S * STRIPE_ATTEMPTS + 5
        # Held for the same command: reserved once, not charged.
        assert reserved_of(world.usage()) == reserved_of(before) + 30.00
    finally:
        double.start()
    first = ok(world.create(key=key, amount=30, rate=0, description=f"Desk {key}"))
    again = ok(world.create(key=key, amount=30, rate=0, description=f"Desk {key}"))
    pid = first["payment"]["id"]
    assert again["payment"]["id"] == pid and again["paymentIntentId"] == first["paymentIntentId"]
    assert reserved_of(world.usage()) == reserved_of(before) + 30.00
    assert [i["id"] for i in double.intents_of(pid)] == [first["paymentIntentId"]]
    assert world.system.post("/api/v1/payment/confirm", world.employee,
                             json={"paymentIntentId": first["paymentIntentId"]}).status_code == 204
    assert len(double.succeeded_charges(first["paymentIntentId"])) == 1
    wait_for(lambda: reserved_of(world.usage()) == reserved_of(before) and
             money(world.usage()["available"]) == money(before["available"]) - 30, "spent, nothing reserved")


def test_stripe_down_at_confirm_is_retried_in_the_background_and_charged_once(world, double):
    before = world.usage()
    created = ok(world.create(amount=20, rate=0))
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    double.stop()
    try:
        r = world.system.post("/api/v1/payment/confirm", world.employee, json={"paymentIntentId": intent})
        body = error(r, 503, "STRIPE_UNAVAILABLE")
        assert "tried again" in body["message"], body  # the caller is told it will be retried
        assert world.payment(pid)["status"] == "CREATED"
        time.sleep(1.5)  # a retry while Stripe is still away fails and is scheduled again
    finally:
        double.start()
    wait_for(lambda: world.payment(pid)["status"] == "SUCCEEDED", "the background retry succeeded", deadline_s=30)
    assert len(double.succeeded_charges(intent)) == 1
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 20 and
             reserved_of(world.usage()) == reserved_of(before), "spent, nothing reserved")
    wait_for(lambda: [m for m in mails_to(world.employee.body["email"]) if m["Subject"] == "Your payment went through"],
             "the outcome mail")


def test_stripe_frozen_answers_504_within_the_deadline(world, double):
    before = world.usage()
    created = ok(world.create(amount=5, rate=0))
    double.proc.send_signal(signal.SIGSTOP)
    try:
        r, seconds = timed(lambda: world.system.post("/api/v1/payment/cancel", world.admin,
                                                     json={"paymentIntentId": created["paymentIntentId"]}))
        error(r, 504, "STRIPE_TIMEOUT")
        assert seconds < STRIPE_TIMEOUT_S * STRIPE_ATTEMPTS + 5, seconds
    finally:
        double.proc.send_signal(signal.SIGCONT)
    # Stripe took the cancel after all (it was only slow): the next cancel or the sweeper settles it.
    assert world.system.post("/api/v1/payment/cancel", world.admin,
                             json={"paymentIntentId": created["paymentIntentId"]}).status_code == 204
    assert world.payment(created["payment"]["id"])["status"] == "CANCELED"
    wait_for(lambda: reserved_of(world.usage()) == reserved_of(before), "the reservation released")


def test_sigkill_between_the_stripe_call_and_the_commit_is_reconciled(world, double, proxy):
    system = world.system
    before = world.usage()
    created = ok(world.create(amount=15, rate=0))
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    # Stripe confirms; its answer is held back while the payment process dies (SIGKILL).
    proxy.hold_confirmations.set()
    try:
        def confirm_call():
            try:
                requests.post(system.portal + "/api/v1/payment/confirm", headers=world.employee.headers(),
                              json={"paymentIntentId": intent}, timeout=60)
            except requests.RequestException:
                pass  # its process is killed: no answer is the expected outcome
        confirm = threading.Thread(target=confirm_call, daemon=True)
        confirm.start()
        assert proxy.confirmed.wait(timeout=20), "the confirmation never reached Stripe"
        system.running.proc.kill()
        system.running.proc.wait()
    finally:
        proxy.hold_confirmations.clear()
    assert double.intent(intent)["status"] == "succeeded"  # done at Stripe, not recorded by us
    # Started again (as make run's supervisor does): the sweeper reconciles with Stripe's state.
    log = system.running.log_path
    proc = subprocess.Popen([os.environ["BH_BINARY"], "serve", "--target", "all"], env=system.env,
                            stdout=open(log, "a"), stderr=subprocess.STDOUT)
    system.running = Running(proc, log)
    for name in ("auth", "budget", "payment", "notification", "portal"):
        wait_ready(f"{system.url(name)}/readyz", deadline_s=90, running=system.running)
    wait_for(lambda: world.payment(pid)["status"] == "SUCCEEDED", "reconciled to SUCCEEDED", deadline_s=30)
    assert len(double.succeeded_charges(intent)) == 1
    # The budget follows once its consumer group gave the killed member's partitions back
    # (bus::ConsumerOptions::session_timeout, 10 s).
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 15 and
             reserved_of(world.usage()) == reserved_of(before), "spent, nothing reserved", deadline_s=40)
