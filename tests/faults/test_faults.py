"""Faults under load (issue 15): while a load generator creates movements, invoices and mails through the
portals of two instances of every service, the harness in turn restarts PostgreSQL, Redis and Kafka,
SIGKILLs one instance (a supervisor thread starts it again, as `make run`'s does), fills the object
storage's disk (a small tmpfs under versitygw, when run as root) and stops the SMTP catcher for a
while. After each fault, and at the end once the system drained:

- the services recovered without a hand restart (both instances answer /readyz);
- every request that got a 2xx is stored exactly once (movements by document number, invoices by
  their unique description, mails by their unique recipient), and every accepted file reads back;
- no budget is over its allocation, and its spent amount is exactly the sum of its stored movements;
- no event is lost or applied twice: every outbox is drained, every accepted recovery request gave
  exactly one mail;
- during the faults clients got 2xx, 4xx or a clear 503/504, never a 500, and never waited past the
  deadline (portal.upstream_timeout plus a margin).

Bounded: FAULT_PHASE_SECONDS (default 6) of load per fault; `make soak` runs it with 60. Loopback only:
a private stack (scripts/stack, its own BUDGETHUB_RUN) on free ports. The last run's table goes to
$FAULT_REPORT (default build/faults-report.md) and into the test output; docs/reliability.md keeps one."""
import collections
import concurrent.futures
import os
import pathlib
import shutil
import signal
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from conftest import PrivateStack, environment_without_settings, free_port, user_body  # noqa: E402  (the e2e suite's helpers)

PHASE_S = float(os.environ.get("FAULT_PHASE_SECONDS", "6"))
WORKERS = int(os.environ.get("FAULT_WORKERS", "6"))
UPSTREAM_TIMEOUT_S = 10  # portal.upstream_timeout of the instances below
CLIENT_DEADLINE_S = UPSTREAM_TIMEOUT_S + 5  # an answer later than this is a hang
# Two subtypes take the movements in turn: a small one that runs out early (its allocation is the
# invariant under concurrency and faults) and a large one that keeps accepting through every fault.
ALLOCATIONS = (Decimal("150.00"), Decimal("50000.00"))
SERVICES = ["portal", "auth", "budget", "payment", "notification"]


class Instance:
    """`budgethub serve --target all` kept running by a supervisor thread, like make run's."""

    def __init__(self, name, binary, env, log_dir):
        self.name = name
        self.binary = binary
        self.ports = {s: free_port() for s in SERVICES}
        self.env = dict(env, **{f"BUDGETHUB_{s.upper()}_PORT": str(p) for s, p in self.ports.items()})
        self.log_path = log_dir / f"{name}.log"
        self.portal = f"http://127.0.0.1:{self.ports['portal']}"
        self.proc = None
        self.restarts = 0
        self.stopping = False
        self.thread = threading.Thread(target=self.supervise, daemon=True)

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve", "--target", "all"], env=self.env,
                                     stdout=open(self.log_path, "a"), stderr=subprocess.STDOUT)

    def supervise(self):
        while not self.stopping:
            if self.proc.poll() is not None and not self.stopping:
                time.sleep(1)  # the supervisor's first backoff
                self.restarts += 1
                self.start()
            time.sleep(0.1)

    def ready(self):
        try:
            return all(requests.get(f"http://127.0.0.1:{p}/readyz", timeout=2).status_code == 200
                       for p in self.ports.values())
        except requests.RequestException:
            return False

    def stop(self):
        self.stopping = True
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wait_until(check, deadline_s, what):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if check():
            return time.monotonic()
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {deadline_s}s")


class Load:
    """Worker threads sending the three kinds of request to both portals in turn; every answer kept."""

    def __init__(self, portals, token, subtype_ids, supplier_id, recover_emails, invoice_ids, mail_every_s):
        self.portals = portals
        self.headers = {"Authorization": f"Bearer {token}"}
        self.subtype_ids = subtype_ids
        self.mail_every_s = mail_every_s  # the recovery requests spread over the whole run
        self.last_mail = 0.0
        self.supplier_id = supplier_id
        self.recover_emails = recover_emails  # a queue: each address is asked for once
        self.invoice_ids = invoice_ids  # invoices made up front, receiving files
        self.files = {}  # invoice id -> the bytes of the last accepted upload
        self.lock = threading.Lock()
        self.results = []  # (phase, kind, key, status, seconds)
        self.phase = "warm-up"
        self.running = False

    def one(self, n):
        # Like a client behind a load balancer: a refused connection (the instance is down) goes to
        # the other instance; that request never reached a server, so sending it again is safe.
        for attempt in range(len(self.portals)):
            portal = self.portals[(n + attempt) % len(self.portals)]
            try:
                return self.send(n, portal)
            except requests.ConnectionError as e:
                if "Connection refused" not in str(e) or attempt == len(self.portals) - 1:
                    with self.lock:
                        self.results.append((self.phase, "?", None, f"no answer ({type(e).__name__})", 0.0))
                    return

    def send(self, n, portal):
        kind = ("movement", "invoice", "mail", "file")[n % 4]
        key = f"F{uuid.uuid4().hex[:16]}"
        started = time.monotonic()
        try:
            if kind == "movement":
                r = requests.post(portal + "/api/v1/movement/create", headers=self.headers, timeout=CLIENT_DEADLINE_S + 5,
                                  json={"supplierId": self.supplier_id, "documentNumber": key, "type": "DEBIT",
                                        "status": "SUCCEEDED", "dateOfEmission": "2024-05-01", "description": "fault",
                                        "valueWithoutIva": 0.37, "ivaRate": 0,
                                        "budgetSubtypeId": self.subtype_ids[(n // 4) % len(self.subtype_ids)]})
            elif kind == "invoice":
                r = requests.post(portal + "/api/v1/invoice/create", headers=self.headers, timeout=CLIENT_DEADLINE_S + 5,
                                  json={"dateOfEmission": "2024-11-10", "description": key})
            elif kind == "file":
                key = self.invoice_ids[n % WORKERS]  # one invoice per worker: no race between uploads
                body = b"%PDF-1.7\n" + os.urandom(2048) + b"\n%%EOF"
                r = requests.post(portal + f"/api/v1/invoice/attach-multipart-file/{key}", headers=self.headers,
                                  timeout=CLIENT_DEADLINE_S + 5, files={"file": ("r.pdf", body, "application/pdf")})
                if 200 <= r.status_code < 300:
                    with self.lock:
                        self.files[key] = body
            else:
                with self.lock:
                    if not self.recover_emails or time.monotonic() - self.last_mail < self.mail_every_s:
                        return
                    self.last_mail = time.monotonic()
                    key = self.recover_emails.pop()
                r = requests.post(portal + "/api/v1/user-credentials/recover-password", timeout=CLIENT_DEADLINE_S + 5,
                                  params={"email": key})
            status = r.status_code
        except requests.ConnectionError as e:
            if "Connection refused" in str(e):
                raise  # to one(), which tries the other instance
            status = "connection reset" if "reset" in str(e).lower() or "aborted" in str(e).lower() else f"no answer ({e})"
        except requests.RequestException as e:
            status = f"no answer ({type(e).__name__})"
        with self.lock:
            self.results.append((self.phase, kind, key, status, time.monotonic() - started))

    def worker(self, w):
        n = w
        while self.running:
            self.one(n)
            n += WORKERS

    def __enter__(self):
        self.running = True
        self.pool = concurrent.futures.ThreadPoolExecutor(WORKERS)
        self.futures = [self.pool.submit(self.worker, w) for w in range(WORKERS)]
        return self

    def __exit__(self, *exc):
        self.running = False
        for f in self.futures:
            f.result()
        self.pool.shutdown()


def psql(pg_url, database, sql):
    url = pg_url.rsplit("/", 1)[0] + "/" + database
    r = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\t", "-d", url, "-c", sql], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode == 0, r.stderr
    return [line.split("\t") for line in r.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def rig():
    binary = os.environ["BH_BINARY"]
    run_dir = pathlib.Path(tempfile.mkdtemp(prefix="budgethub-faults-"))
    stack = PrivateStack(run_dir, timeout=240)
    stack.script("up")
    # The object storage on a small disk of its own, so that filling it is a fault of this test only:
    # a tmpfs over versitygw's (still empty) data folder, then versitygw started again on it.
    s3_disk = run_dir / "stack" / "s3" / "data"
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "budgethub-faults", str(s3_disk)], capture_output=True).returncode == 0
    if mounted:
        stack.script("restart", "--only", "s3")
    instances = []
    try:
        ep = stack.endpoints()
        base = environment_without_settings()
        base.update({k: v for k, v in ep.items() if k.startswith("BUDGETHUB_") and not k.endswith("_PORT")})
        base.update(BUDGETHUB_LOG_FORMAT="json", BUDGETHUB_PORTAL_UPSTREAM_TIMEOUT=f"{UPSTREAM_TIMEOUT_S}s",
                    BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_ADDRESS="1000000",  # registrations count here too
                    BUDGETHUB_AUTH_RECOVER_LIMIT_PER_ADDRESS="1000000")
        for name in ("a", "b"):
            instances.append(Instance(name, binary, base, run_dir))
        instances[0].start()
        wait_until(instances[0].ready, 120, "instance a ready")  # migrations once, then the second
        instances[1].start()
        wait_until(instances[1].ready, 120, "instance b ready")
        for i in instances:
            i.thread.start()
        yield stack, instances, ep, (s3_disk if mounted else None)
    finally:
        for i in instances:
            i.stop()
        logs = {i.name: i.log_path.read_text(errors="replace")[-4000:] for i in instances if i.log_path.exists()}
        if mounted:  # before `down`, which removes the folder
            subprocess.run(["umount", "-l", str(s3_disk)], capture_output=True)
        stack.script("down")
        shutil.rmtree(run_dir, ignore_errors=True)
        for name, tail in logs.items():
            print(f"--- instance {name} log tail ---\n{tail}")


def test_faults_under_load(rig):
    stack, instances, ep, s3_disk = rig
    portal = instances[0].portal
    admin = user_body(firstName="Admin")
    assert requests.post(portal + "/api/v1/user-credentials/register", json=admin, timeout=30).status_code in (200, 201)
    token = requests.post(portal + "/api/v1/auth/sign-in", json={"email": admin["email"], "password": admin["password"]},
                          timeout=30).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    t = requests.post(portal + "/api/v1/budget/type/create", headers=h, timeout=30,
                      json={"name": f"Faults{uuid.uuid4().hex[:6]}", "description": "d", "availableFunds": 100000}).json()
    subs = [requests.post(portal + "/api/v1/budget/subtype/create", headers=h, timeout=30,
                          json={"name": f"FaultSub{uuid.uuid4().hex[:6]}", "description": "d",
                                "availableFunds": float(allocation), "budgetTypeId": t["id"]}).json()
            for allocation in ALLOCATIONS]
    tag = uuid.uuid4().int
    sup = requests.post(portal + "/api/v1/supplier/create", headers=h, timeout=30,
                        json={"companyName": f"Co{tag % 10**6}", "responsibleName": "Ana",
                              "nif": str(100000000 + tag % 899999999)}).json()
    # Recipients of the recovery mails: real accounts, one request each (registered up front).
    emails = []
    for _ in range(int(40 * max(1, PHASE_S / 6))):
        body = user_body()
        r = requests.post(portal + "/api/v1/user-credentials/register", json=body, timeout=30)
        assert r.status_code in (200, 201), r.text
        emails.append(body["email"])

    invoice_ids = [requests.post(portal + "/api/v1/invoice/create", headers=h, timeout=30,
                                 json={"dateOfEmission": "2024-11-10", "description": f"files {i}"}).json()["id"]
                   for i in range(WORKERS)]

    def fill_disk():
        filler = s3_disk / "filler"
        with open(filler, "wb") as f:  # until ENOSPC
            try:
                while True:
                    f.write(b"\0" * (1 << 20))
            except OSError:
                pass
        time.sleep(PHASE_S)  # uploads meet a full disk meanwhile
        filler.unlink()

    mail_pid_file = stack.run_dir / "stack" / "pids" / "mail.pid"
    faults = [
        ("PostgreSQL restart", lambda: stack.script("restart", "--only", "pg")),
        ("Redis restart (data lost)", lambda: stack.script("restart", "--only", "redis")),
        ("Kafka restart", lambda: stack.script("restart", "--only", "kafka")),
        ("SIGKILL of instance a", lambda: os.kill(instances[0].proc.pid, signal.SIGKILL)),
        ("SIGKILL of instance b", lambda: os.kill(instances[1].proc.pid, signal.SIGKILL)),
        *([("object storage disk full", fill_disk)] if s3_disk else []),
        ("SMTP catcher stopped 5 s", lambda: (os.kill(int(mail_pid_file.read_text()), signal.SIGSTOP), time.sleep(5),
                                              os.kill(int(mail_pid_file.read_text()), signal.SIGCONT))),
    ]
    recovery = {}
    mail_every_s = PHASE_S * (len(faults) + 1) / len(emails)
    with Load([i.portal for i in instances], token, [s["id"] for s in subs], sup["id"], emails, invoice_ids,
              mail_every_s) as load:
        time.sleep(PHASE_S / 2)
        for name, fault in faults:
            load.phase = name
            began = time.monotonic()
            fault()
            wait_until(lambda: all(i.ready() for i in instances), 120, f"recovery after {name}")
            recovery[name] = time.monotonic() - began
            time.sleep(PHASE_S)
        load.phase = "after"
        time.sleep(PHASE_S / 2)
    results = list(load.results)

    # -- what is stored: per accepted request, how many times its effect is there ---------------------
    prefix = "budgethub_"
    answers = collections.Counter((kind, status) for _, kind, _, status, _ in results)
    accepted = [(phase, kind, key) for phase, kind, key, status, _ in results
                if isinstance(status, int) and 200 <= status < 300]
    assert {kind for _, kind, _ in accepted} == {"movement", "invoice", "mail", "file"}, answers
    stored_docs = collections.Counter(r[0] for r in psql(ep["PG_URL"], prefix + "budget",
                                                         "SELECT document_number FROM movements WHERE document_number LIKE 'F%'"))
    stored_inv = collections.Counter(r[0] for r in psql(ep["PG_URL"], prefix + "budget",
                                                        "SELECT description FROM invoices WHERE description LIKE 'F%'"))

    def drained():
        return all(psql(ep["PG_URL"], prefix + svc, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] == "0"
                   for svc in ("auth", "budget", "notification"))
    wait_until(drained, 60, "outboxes drained")
    mailpit = ep["MAILPIT_API"]

    def mails_for(address):
        r = requests.get(f"{mailpit}/api/v1/search", params={"query": f"to:{address}", "limit": 10}, timeout=10)
        return r.json()["messages_count"]
    end = time.monotonic() + 90  # the last mails may still be on their way
    pending = {key for _, kind, key in accepted if kind == "mail"}
    while pending and time.monotonic() < end:
        pending = {a for a in pending if mails_for(a) < 1}
        time.sleep(0.5)
    mails = {key: mails_for(key) for _, kind, key, _, _ in results if kind == "mail" and key}
    files_read_back = {invoice_id: requests.get(portal + f"/api/v1/invoice/{invoice_id}/file", headers=h,
                                                timeout=30).content == body
                       for invoice_id, body in load.files.items()}

    def copies(kind, key):
        if kind == "movement":
            return stored_docs[key]
        if kind == "invoice":
            return stored_inv[key]
        if kind == "mail":
            return mails[key]
        return 1 if files_read_back.get(key) else 0  # a file: the invoice's last accepted upload reads back

    # -- the budgets: never over, and exactly what was stored -----------------------------------------
    budgets, budget_problems = [], []
    for sub, allocation in zip(subs, ALLOCATIONS):
        spent, allocated = psql(ep["PG_URL"], prefix + "budget",
                                f"SELECT spent, allocated FROM budget_subtypes WHERE id = '{sub['id']}'")[0]
        total = psql(ep["PG_URL"], prefix + "budget",
                     f"SELECT coalesce(sum(total_value), 0) FROM movements WHERE budget_subtype_id = '{sub['id']}' "
                     "AND status = 'SUCCEEDED'")[0][0]
        if not Decimal(spent) <= Decimal(allocated) == allocation or Decimal(spent) != Decimal(total):
            budget_problems.append((spent, allocated, total))
        budgets.append(f"spent {spent} of {allocated}")

    # -- the table, written whatever the outcome, then the verdicts -----------------------------------
    by_phase = collections.OrderedDict()
    for phase, kind, key, status, seconds in results:
        row = by_phase.setdefault(phase, {"requests": 0, "2xx": 0, "4xx": 0, "503/504": 0, "other": collections.Counter(),
                                          "longest": 0.0, "stored": 0, "lost": 0, "duplicated": 0})
        row["requests"] += 1
        row["longest"] = max(row["longest"], seconds)
        if isinstance(status, int) and 200 <= status < 300:
            row["2xx"] += 1
            n = copies(kind, key)
            row["stored" if n == 1 else "lost" if n == 0 else "duplicated"] += 1
        elif isinstance(status, int) and 400 <= status < 500:
            row["4xx"] += 1
        elif status in (503, 504):
            row["503/504"] += 1
        else:
            row["other"][status] += 1
    lines = ["| phase | requests | accepted (2xx) | stored | lost | duplicated | refused (4xx) | 503/504 | other "
             "| longest answer | recovered in |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for phase, row in by_phase.items():
        rec = f"{recovery[phase]:.1f} s" if phase in recovery else "–"
        other = ", ".join(f"{k}×{v}" for k, v in row["other"].items()) or "0"
        lines.append(f"| {phase} | {row['requests']} | {row['2xx']} | {row['stored']} | {row['lost']} | "
                     f"{row['duplicated']} | {row['4xx']} | {row['503/504']} | {other} | {row['longest']:.2f} s | {rec} |")
    total = {k: sum(r[k] for r in by_phase.values()) for k in ("2xx", "stored", "lost", "duplicated")}
    lines.append(f"\nAccepted {total['2xx']}: stored {total['stored']}, lost {total['lost']}, duplicated "
                 f"{total['duplicated']} (movements by document number, invoices by description, mails per recipient "
                 f"in Mailpit, file uploads by the last of each of {len(load.files)} invoices read back). Unanswered "
                 f"recovery requests mailed anyway: {sum(1 for k, n in mails.items() if n and k not in {a for _, kd, a in accepted if kd == 'mail'})}. "
                 f"Budgets: {', '.join(budgets)} (each = the sum of its stored movements). Instance restarts by the "
                 f"supervisor: {instances[0].restarts + instances[1].restarts}. Phase length {PHASE_S:g} s, {WORKERS} workers."
                 + ("" if s3_disk else " (Not root: the full-disk fault was skipped.)"))
    lines.append("\nAnswers by kind: " + ", ".join(f"{k} {st}×{v}" for (k, st), v in sorted(answers.items(), key=str)))
    report = "\n".join(lines)
    print("\n" + report)
    out = pathlib.Path(os.environ.get("FAULT_REPORT", ROOT / "build" / "faults-report.md"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n")

    assert total["lost"] == 0 and total["duplicated"] == 0, "accepted requests lost or applied twice (table above)"
    assert all(n == 1 for n in stored_inv.values()), "an invoice stored twice"
    assert all(n <= 1 for n in mails.values()), "a recovery mailed twice"
    assert not budget_problems, f"a budget over its allocation or not the sum of its movements: {budget_problems}"
    # A connection reset is what a client of a SIGKILLed process sees for the requests it had in flight.
    others = {phase: {k: v for k, v in row["other"].items() if not (k == "connection reset" and "SIGKILL" in phase)}
              for phase, row in by_phase.items()}
    others = {phase: o for phase, o in others.items() if o}
    assert not others, f"answers that are neither 2xx, 4xx nor 503/504: {others}"
    slow = {phase: row["longest"] for phase, row in by_phase.items() if row["longest"] > CLIENT_DEADLINE_S}
    assert not slow, f"answers later than the {CLIENT_DEADLINE_S}s deadline: {slow}"
