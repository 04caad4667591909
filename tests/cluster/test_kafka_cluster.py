"""A real Kafka cluster under load (issue 17): a broker SIGKILLed in the middle of it, then brought back.

Three KRaft nodes started by scripts/stack (`kafka,kafka2,kafka3`: every topic, the internal ones
included, with replication factor 3 and min.insync.replicas=2; the services' producers are idempotent
with acks=all), two instances of every service (`budgethub serve --target all` twice, their explicit
topics created with kafka.topic_replication=3), and worker threads sending through both portals the
flows that cross Kafka:

- payments: create-payment-intent (payment -> `budget.reserve` -> reply: the one request that waits on
  Kafka; sent again with its Idempotency-Key after a 5xx), then confirm at the Stripe double
  (`payment.updated` through payment's outbox -> budget moves the payment's movements);
- movements: movement/create (`movement.created` through budget's outbox);
- password recoveries: recover-password (`auth.recovery-requested` -> auth -> `notification.requested`
  -> notification -> SMTP, read back from Mailpit).

After a warm-up (each flow once, all the way) and a phase of load, the node that coordinates every
consumer group (leader of __consumer_offsets) and leads about a third of every topic is SIGKILLed; it
stays dead for CLUSTER_DEAD_SECONDS (longer than a failover), is started again on its data
(scripts/stack restart) while the load goes on, and when every partition has its three replicas in sync
again, one more phase runs. CLUSTER_KILLS > 1 repeats this, each time with a node not killed in the two
rounds before (the coordinator when it can). Then, once everything drained, exactly:

- every outbox row of every service was published and is in its topic (0 lost on the way to Kafka);
- every `payment.updated`, `auth.recovery-requested` and `notification.requested` event reached its
  consumer (the consumer's processed_events holds exactly the producer's outbox event ids);
- 0 applied twice: every accepted payment has exactly one movement per line, and budget holds its last
  state; every accepted movement is stored once; each recipient has exactly as many notifications and
  mails as recovery requests for it were accepted; each budget's spent is exactly the sum the client was
  told was accepted;
- requests that need only PostgreSQL (movements, recoveries) were all answered 2xx; every payment was
  accepted in the end; no client waited past its deadline; no Kafka client hit a fatal error; nothing was
  dead-lettered; both instances still run; every topic still has three replicas, all in sync;
- the cluster worked without the dead node: in the last third of its dead time (after the failover,
  before its restart) Kafka acknowledged events, payments were accepted and every consumer applied events.

Latency (p50/p99/max) of every request and of every event (outbox commit -> acknowledged by Kafka ->
applied by its consumer) before, while the node is dead, while it rejoins and after, is printed and
written to $CLUSTER_REPORT (default build/cluster-report.md); docs/reliability.md keeps one run.
Bounded: CLUSTER_SECONDS (default 10) before and after, CLUSTER_DEAD_SECONDS (default 30, at least
CLUSTER_SECONDS), CLUSTER_KILLS (default 1): about two minutes; `make soak` runs 60 s phases and 3 kills.
Loopback only: a private stack (its own BUDGETHUB_RUN) and instances on free ports."""
import collections
import concurrent.futures
import json
import os
import pathlib
import shutil
import signal
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

PHASE_S = float(os.environ.get("CLUSTER_SECONDS", "10"))  # before the first kill, and after each node is back
# How long a killed node stays dead: longer than a failover (the node fenced after broker.session.timeout.ms,
# 9 s, then the consumer groups formed again at the new coordinator, about 12 s more), so that the
# cluster is seen working without it.
DEAD_S = float(os.environ.get("CLUSTER_DEAD_SECONDS", max(30.0, PHASE_S)))
KILLS = int(os.environ.get("CLUSTER_KILLS", "1"))
# Payments start on a schedule whatever the earlier ones are waiting for (open loop: a payment stuck on
# Kafka does not hide the ones that would have followed); movements and recoveries come from a thread each.
PAYMENT_EVERY_S = 0.25
PAYMENT_THREADS = 32  # payments in flight at most (each waits up to payment.budget_timeout, 10 s)
MOVEMENT_EVERY_S = 0.02  # at most 50 a second
RECOVERY_EVERY_S = 0.3
NODES = ("kafka", "kafka2", "kafka3")  # node.id 1, 2, 3 (scripts/stack)
SERVICES = ["portal", "auth", "budget", "payment", "notification"]
CLIENT_DEADLINE_S = 40  # portal.upstream_timeout (30 s) plus a margin: an answer later than this is a hang
PAYMENT_RETRY_S = 90  # a payment answered 5xx is sent again (same Idempotency-Key) for this long
STACK_SERVICES = "pg,redis,localstripe,s3,mail," + ",".join(NODES)
PREFIX = "budgethub."  # kafka.topic_prefix (default)
DB = "budgethub_"  # postgres.database_prefix (default)
MOVEMENT_VALUE = Decimal("0.37")
# A payment of one line (1.00 + 23 % IVA) or of two (and 2.00 without IVA), in turn.
PAYMENT_LINES = ((Decimal("1.00"), Decimal("23")), (Decimal("2.00"), Decimal("0")))


def psql(pg_url, database, sql):
    url = pg_url.rsplit("/", 1)[0] + "/" + database
    r = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\t", "-d", url, "-c", sql], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, f"psql {database}: {r.stderr}"
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def wait_until(check, deadline_s, what):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"{what}: not within {deadline_s:g} s")


class Stack(PrivateStack):
    """The private scripts/stack of this test: PostgreSQL, Redis, localstripe, S3, Mailpit, three Kafka nodes."""

    def node_pid(self, node):
        """The PID of a Kafka node, checked to be that node's JVM (never another process reusing the PID)."""
        pid = int((self.run_dir / "stack" / "pids" / f"{node}.pid").read_text())
        cmdline = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert "kafka.Kafka" in cmdline and f"/stack/{node}/server.properties" in cmdline, cmdline
        return pid


class Kafka:
    """The cluster seen from a client: metadata and topic contents through kcat."""

    def __init__(self, brokers):
        self.brokers = brokers

    def metadata(self):
        r = subprocess.run(["kcat", "-L", "-J", "-b", self.brokers, "-m", "5"], capture_output=True, text=True,
                           timeout=30)
        if r.returncode != 0:
            return None
        return json.loads(r.stdout)

    def partitions(self, metadata=None):
        """{(topic, partition): (leader, [replicas], [isr])} of every topic."""
        metadata = metadata or self.metadata() or {"topics": []}
        return {(t["topic"], p["partition"]): (p["leader"], [r["id"] for r in p["replicas"]],
                                               [r["id"] for r in p["isrs"]])
                for t in metadata["topics"] for p in t.get("partitions", [])}

    def all_in_sync(self):
        parts = self.partitions()
        return bool(parts) and all(len(isr) == 3 and leader in (1, 2, 3) for leader, _, isr in parts.values())

    def event_ids(self, topic):
        """The event-id header of every record of `topic`, as many times as it is there."""
        r = subprocess.run(["kcat", "-C", "-b", self.brokers, "-t", topic, "-o", "beginning", "-e", "-q",
                            "-f", "%h\n"], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"kcat -C {topic}: {r.stderr[-1000:]}"
        ids = collections.Counter()
        for line in r.stdout.splitlines():
            for pair in line.split(","):
                name, _, value = pair.partition("=")
                if name == "event-id":
                    ids[value] += 1
        return ids


class Instance:
    """`budgethub serve --target all`: one instance of each of the five services, on free ports."""

    def __init__(self, name, binary, env, log_dir):
        self.name = name
        self.ports = {s: free_port() for s in SERVICES}
        self.env = dict(env, **{f"BUDGETHUB_{s.upper()}_PORT": str(p) for s, p in self.ports.items()})
        self.log_path = log_dir / f"{name}.log"
        self.portal = f"http://127.0.0.1:{self.ports['portal']}"
        self.proc = subprocess.Popen([binary, "serve", "--target", "all"], env=self.env,
                                     stdout=open(self.log_path, "a"), stderr=subprocess.STDOUT)

    def ready(self):
        if self.proc.poll() is not None:
            pytest.fail(f"instance {self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
        try:
            return all(requests.get(f"http://127.0.0.1:{p}/readyz", timeout=2).status_code == 200
                       for p in self.ports.values())
        except requests.RequestException:
            return False

    def log_tail(self, chars=4000):
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def rig():
    binary = os.environ["BH_BINARY"]
    run_dir = pathlib.Path(tempfile.mkdtemp(prefix="budgethub-cluster-"))
    stack = Stack(run_dir)
    instances = []
    started = time.monotonic()
    try:
        stack.script("up", "--only", STACK_SERVICES)
        ep = stack.endpoints()
        assert len(ep["BUDGETHUB_KAFKA_BROKERS"].split(",")) == 3, ep["BUDGETHUB_KAFKA_BROKERS"]
        base = environment_without_settings()
        base.update({k: v for k, v in ep.items() if k.startswith("BUDGETHUB_") and not k.endswith("_PORT")})
        base.update(BUDGETHUB_LOG_FORMAT="json",
                    BUDGETHUB_KAFKA_TOPIC_REPLICATION="3",  # budget.reserve, payment.updated, the reply topics
                    BUDGETHUB_KAFKA_TOPIC_PARTITIONS="3",
                    BUDGETHUB_AUTH_ACCESS_TOKEN_TTL="2h",  # the soak form outlives the default 15 min
                    BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_ADDRESS="1000000",  # registrations count here too
                    BUDGETHUB_AUTH_RECOVER_LIMIT_PER_ADDRESS="1000000",
                    BUDGETHUB_AUTH_RECOVER_LIMIT_PER_EMAIL="1000000")
        instances.append(Instance("a", binary, base, run_dir))
        wait_until(instances[0].ready, 120, "instance a ready")  # the migrations once, then the second
        instances.append(Instance("b", binary, base, run_dir))
        wait_until(instances[1].ready, 120, "instance b ready")
        # localstripe's own webhooks (payment_intent.succeeded, ...) go to instance b's portal.
        r = requests.post(f"{ep['LOCALSTRIPE_API']}/_config/webhooks/budgethub", timeout=10,
                          data={"url": instances[1].portal + "/api/v1/webhook/stripe",
                                "secret": ep["LOCALSTRIPE_WEBHOOK_SECRET"]})
        assert r.status_code in (200, 201, 204), r.text
        print(f"\ncluster rig up in {time.monotonic() - started:.1f} s")
        yield stack, instances, ep
    finally:
        for i in instances:
            i.stop()
        tails = {i.name: i.log_tail() for i in instances}
        # The logs of the last run (instances, Kafka nodes), for whoever reads a failure: `down` removes them.
        keep = pathlib.Path(os.environ.get("CLUSTER_LOGS", ROOT / "build" / "cluster-logs"))
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True, exist_ok=True)
        for log in [*run_dir.glob("*.log"), *(run_dir / "stack" / "logs").glob("kafka*.log")]:
            shutil.copy(log, keep / log.name)
        try:
            stack.script("down")
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
        for name, tail in tails.items():
            print(f"--- instance {name} log tail (whole logs in {keep}) ---\n{tail}")


class Load:
    """Payments started every PAYMENT_EVERY_S (each in its own thread from a pool), movements and recoveries
    from a paced thread each, through both portals in turn; every answer kept. Each kind has its own
    threads, so a request waiting on Kafka never holds back one that does not."""

    def __init__(self, portals, token, ids, recipients):
        self.portals = portals
        self.headers = {"Authorization": f"Bearer {token}"}
        self.ids = ids  # supplier, payment subtype, movement subtype
        self.recipients = recipients
        self.lock = threading.Lock()
        self.requests = []  # (kind, started (wall clock), seconds, status)
        self.payments = {}  # idempotency key -> {"lines", "amount", "id", "intent", "created", "confirmed", "answers"}
        self.movements = []  # document numbers answered 2xx
        self.movement_answers = collections.Counter()
        self.recoveries = collections.Counter()  # e-mail -> 2xx answers
        self.recovery_answers = collections.Counter()
        self.running = False

    def call(self, kind, method, portal, path, **kwargs):
        started_wall, started = time.time(), time.monotonic()
        try:
            r = requests.request(method, portal + path, timeout=CLIENT_DEADLINE_S, **kwargs)
            status, body = r.status_code, r
        except requests.RequestException as e:
            status, body = f"no answer ({type(e).__name__})", None
        seconds = time.monotonic() - started
        if body is not None and status >= 300:  # an error names itself: "504 UPSTREAM_TIMEOUT"
            try:
                status = f"{status} {body.json().get('errorCode', '')}".strip()
            except ValueError:
                status = str(status)
        with self.lock:
            self.requests.append((kind, started_wall, seconds, status))
        return status, body

    def payment(self, n):
        key = str(uuid.uuid4())
        lines = PAYMENT_LINES[:1 + n % 2]
        items = [{"id": f"line{i + 1}", "amount": float(amount), "ivaRate": float(rate),
                  "budgetSubtypeId": self.ids["payment_subtype"], "supplierId": self.ids["supplier"]}
                 for i, (amount, rate) in enumerate(lines)]
        expected = sum((amount + (amount * rate / 100).quantize(Decimal("0.01")) for amount, rate in lines), Decimal(0))
        record = {"lines": len(lines), "amount": expected, "id": None, "intent": None, "created": False,
                  "confirmed": False, "answers": collections.Counter()}
        with self.lock:
            self.payments[key] = record
        order = {"currency": "eur", "paymentMethodId": "pm_card_visa", "description": f"Cluster {key}", "items": items}
        give_up = time.monotonic() + PAYMENT_RETRY_S
        attempt = 0
        while True:  # the same command, with its key, until accepted: never paid or reserved twice
            portal = self.portals[(n + attempt) % len(self.portals)]
            status, r = self.call("payment create", "POST", portal, "/api/v1/payment/create-payment-intent",
                                  headers={**self.headers, "Idempotency-Key": key}, json=order)
            record["answers"][status] += 1
            attempt += 1
            if status == 200:
                body = r.json()
                record.update(created=True, id=body["payment"]["id"], intent=body["paymentIntentId"],
                              told=Decimal(str(body["payment"]["amount"])).quantize(Decimal("0.01")))
                break
            if not retryable(status) or time.monotonic() > give_up:
                return
            time.sleep(0.5)
        while True:  # confirming again is a no-op, never a second charge
            portal = self.portals[(n + attempt) % len(self.portals)]
            status, _ = self.call("payment confirm", "POST", portal, "/api/v1/payment/confirm",
                                  headers=self.headers, json={"paymentIntentId": record["intent"]})
            record["answers"][f"confirm {status}"] += 1
            attempt += 1
            if status == 204:
                record["confirmed"] = True
                return
            if not retryable(status) or time.monotonic() > give_up:
                return
            time.sleep(0.5)

    def movement(self, n):
        number = f"K{uuid.uuid4().hex[:16]}"
        status, _ = self.call("movement create", "POST", self.portals[n % len(self.portals)], "/api/v1/movement/create",
                              headers=self.headers,
                              json={"supplierId": self.ids["supplier"], "documentNumber": number, "type": "DEBIT",
                                    "status": "SUCCEEDED", "dateOfEmission": "2026-05-01", "description": "cluster",
                                    "valueWithoutIva": float(MOVEMENT_VALUE), "ivaRate": 0,
                                    "budgetSubtypeId": self.ids["movement_subtype"]})
        with self.lock:
            self.movement_answers[status] += 1
            if isinstance(status, int) and 200 <= status < 300:
                self.movements.append(number)

    def recovery(self, n):
        email = self.recipients[n % len(self.recipients)]
        status, _ = self.call("recover-password", "POST", self.portals[n % len(self.portals)],
                              "/api/v1/user-credentials/recover-password", params={"email": email})
        with self.lock:
            self.recovery_answers[status] += 1
            if isinstance(status, int) and 200 <= status < 300:
                self.recoveries[email] += 1

    def worker(self, send, every_s):
        n = 0
        while self.running:
            began = time.monotonic()
            send(n)
            n += 1
            time.sleep(max(0.0, every_s - (time.monotonic() - began)))

    def schedule_payments(self):
        n = 0
        while self.running:
            began = time.monotonic()
            self.started.append(self.payments_pool.submit(self.payment, n))
            n += 1
            time.sleep(max(0.0, PAYMENT_EVERY_S - (time.monotonic() - began)))

    def __enter__(self):
        self.running = True
        self.started = []  # the payments' futures
        self.payments_pool = concurrent.futures.ThreadPoolExecutor(PAYMENT_THREADS)
        self.pool = concurrent.futures.ThreadPoolExecutor(3)
        self.futures = [self.pool.submit(self.schedule_payments),
                        self.pool.submit(self.worker, self.movement, MOVEMENT_EVERY_S),
                        self.pool.submit(self.worker, self.recovery, RECOVERY_EVERY_S)]
        return self

    def __exit__(self, *exc):
        self.running = False
        for f in self.futures:
            f.result()  # a thread that raised fails the test here
        for f in self.started:  # the payments still retrying finish (PAYMENT_RETRY_S at most)
            f.result()
        self.pool.shutdown()
        self.payments_pool.shutdown()


def retryable(status):
    """A 5xx or no answer: the payment command is sent again (same Idempotency-Key)."""
    return isinstance(status, str) and not status[:1].isdigit() or str(status)[:1] == "5"


def percentiles(values):
    """'p50 / p99 / max' in milliseconds (nearest rank), or '–' for none."""
    if not values:
        return "–"
    values = sorted(values)

    def rank(q):
        return values[min(len(values) - 1, max(0, int(round(q * len(values) + 0.5)) - 1))]
    return f"{rank(0.50) * 1000:.0f} / {rank(0.99) * 1000:.0f} / {values[-1] * 1000:.0f}"


def test_broker_killed_under_load(rig):
    stack, instances, ep = rig
    pg = ep["PG_URL"]
    kafka = Kafka(ep["KAFKA_BROKERS"])
    portal = instances[0].portal
    admin = user_body(firstName="Admin")  # the first user: ADMIN
    assert requests.post(portal + "/api/v1/user-credentials/register", json=admin, timeout=30).status_code in (200, 201)
    token = requests.post(portal + "/api/v1/auth/sign-in", json={"email": admin["email"], "password": admin["password"]},
                          timeout=30).json()["token"]
    h = {"Authorization": f"Bearer {token}"}

    def created(path, body):
        r = requests.post(portal + path, headers=h, json=body, timeout=30)
        assert r.status_code in (200, 201), f"{path}: {r.status_code} {r.text}"
        return r.json()["id"]
    type_id = created("/api/v1/budget/type/create", {"name": f"Cluster{uuid.uuid4().hex[:6]}", "description": "d",
                                                     "availableFunds": 10_000_000})
    ids = {"payment_subtype": created("/api/v1/budget/subtype/create", {
               "name": f"ClusterPay{uuid.uuid4().hex[:6]}", "description": "d", "availableFunds": 1_000_000,
               "budgetTypeId": type_id}),
           "movement_subtype": created("/api/v1/budget/subtype/create", {
               "name": f"ClusterMov{uuid.uuid4().hex[:6]}", "description": "d", "availableFunds": 1_000_000,
               "budgetTypeId": type_id})}
    tag = uuid.uuid4().int
    ids["supplier"] = created("/api/v1/supplier/create", {"companyName": f"Co{tag % 10**6}", "responsibleName": "Ana",
                                                         "nif": str(100000000 + tag % 899999999)})
    # Recipients of the recovery mails: real accounts (registered up front, in parallel: argon2 is slow).
    bodies = [user_body() for _ in range(12)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for body, r in zip(bodies, pool.map(lambda b: requests.post(portal + "/api/v1/user-credentials/register",
                                                                    json=b, timeout=60), bodies)):
            assert r.status_code in (200, 201), r.text
    recipients = [b["email"] for b in bodies]

    # -- drained: every outbox published, every event applied, every mail sent --------------------------------
    def outbox(service, where=""):
        return psql(pg, DB + service, "SELECT event_id, topic, event_type, extract(epoch FROM created_at), "
                                      f"extract(epoch FROM published_at) FROM outbox {where}")

    def processed(service, consumer):
        return {r[0]: float(r[1]) for r in psql(pg, DB + service, "SELECT event_id, extract(epoch FROM processed_at) "
                                                                    f"FROM processed_events WHERE consumer = '{consumer}'")}
    flows = [  # (producer, topic, consumer service, consumer name)
        ("payment", PREFIX + "payment.updated", "budget", "budget-payments"),
        ("auth", PREFIX + "auth.recovery-requested", "auth", "auth-recovery"),
        ("auth", PREFIX + "notification.requested", "notification", "notification.requested"),
        ("budget", PREFIX + "notification.requested", "notification", "notification.requested"),
        ("payment", PREFIX + "notification.requested", "notification", "notification.requested"),
    ]

    def drained():
        if any(psql(pg, DB + s, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] != "0"
               for s in ("auth", "budget", "payment", "notification")):
            return False
        for producer, topic, consumer_service, consumer in flows:
            sent = {r[0] for r in outbox(producer, f"WHERE topic = '{topic}'")}
            if not sent <= set(processed(consumer_service, consumer)):
                return False
        pending = psql(pg, DB + "notification", "SELECT count(*) FROM notifications WHERE status <> 'SENT'")[0][0]
        return pending == "0"
    # -- warm-up: each flow once through each portal and all the way (topics created, groups joined) ----------
    load = Load([i.portal for i in instances], token, ids, recipients)
    warm_up = time.monotonic()
    for n in range(2):
        load.payment(n)
        load.movement(n)
        load.recovery(n)
    wait_until(drained, 120, "the warm-up's events applied and mails sent")
    warm_up = time.monotonic() - warm_up

    # -- the load, and the brokers killed in the middle of it -------------------------------------------------
    phases = []  # (label, wall clock start)
    kills = []  # per killed node: who it was, and when it died, was started again, was ready, was in sync
    with load:
        phases.append(("before", time.time()))
        time.sleep(PHASE_S)
        for round_ in range(KILLS):
            parts = {}
            wait_until(lambda: ("__consumer_offsets", 0) in parts or parts.update(kafka.partitions()), 30,
                       "the cluster's metadata")
            coordinator = parts[("__consumer_offsets", 0)][0]
            # The group coordinator, unless it was killed already: then the next node not killed yet.
            killed = [k["id"] for k in kills][-2:]
            victim_id = next(n for n in (coordinator, coordinator % 3 + 1, (coordinator + 1) % 3 + 1) if n not in killed)
            victim = NODES[victim_id - 1]
            led = sum(1 for (topic, _), (leader, _, _) in parts.items() if leader == victim_id and topic.startswith(PREFIX))
            ours = sum(1 for (topic, _) in parts if topic.startswith(PREFIX))
            pid = stack.node_pid(victim)
            os.kill(pid, signal.SIGKILL)
            kill = {"node": victim, "id": victim_id, "pid": pid, "led": led, "ours": ours,
                    "coordinator": victim_id == coordinator, "killed": time.time()}
            kills.append(kill)
            phases.append((f"{victim} dead", kill["killed"]))
            wait_until(lambda: not pathlib.Path(f"/proc/{pid}").exists() or
                       pathlib.Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"), 10, "the SIGKILL")
            time.sleep(DEAD_S)
            kill["restarted"] = time.time()
            phases.append((f"{victim} restarting", kill["restarted"]))
            stack.script("restart", "--only", victim)
            kill["ready"] = time.time()
            wait_until(kafka.all_in_sync, 180, f"{victim} back in every ISR")
            kill["in_sync"] = time.time()
            phases.append((f"after {victim} back" if round_ < KILLS - 1 else "after", kill["in_sync"]))
            time.sleep(PHASE_S)
        load_ended = time.time()
    results = list(load.requests)

    # -- the end: everything drained, then counted -----------------------------------------------------------
    try:
        wait_until(drained, 120, "outboxes published, events applied and mails sent")
        drain_problem = None
    except pytest.fail.Exception as e:  # the checks below say what is missing
        drain_problem = str(e)

    # -- what Kafka holds: every outbox row of every service, by event id --------------------------------------
    rows = {s: outbox(s) for s in ("auth", "budget", "payment", "notification")}
    in_kafka = {topic: kafka.event_ids(topic) for topic in {r[1] for rs in rows.values() for r in rs}}
    not_in_kafka = [(s, r[1], r[0]) for s, rs in rows.items() for r in rs if in_kafka[r[1]][r[0]] == 0]
    unpublished = [(s, r[1], r[0]) for s, rs in rows.items() for r in rs if r[4] == ""]
    kafka_copies = collections.Counter(n for counts in in_kafka.values() for n in counts.values())
    # -- what each consumer applied ----------------------------------------------------------------------------
    consumed = {}  # (producer, topic) -> (outbox rows, missing at the consumer)
    for producer, topic, consumer_service, consumer in flows:
        done = processed(consumer_service, consumer)
        sent = [r for r in rows[producer] if r[1] == topic]
        consumed[(producer, topic)] = (sent, [r[0] for r in sent if r[0] not in done], done)

    # -- payments: exactly one movement per line; budget holds the payment's last state ------------------------
    payments = dict(load.payments)
    accepted = {p["id"]: p for p in payments.values() if p["created"]}
    movements_of = collections.defaultdict(list)
    for pid, line, status, booked, reserved, total in psql(
            pg, DB + "budget", "SELECT payment_id, payment_line, status, booked_amount, reserved_amount, total_value "
                               "FROM movements WHERE payment_id IS NOT NULL"):
        movements_of[pid].append((int(line), status, Decimal(booked), Decimal(reserved), Decimal(total)))
    paid = {r[0]: (r[1], int(r[2]), Decimal(r[3])) for r in psql(
        pg, DB + "payment", "SELECT id, status, sequence, amount FROM payments WHERE amount IS NOT NULL")}
    budget_state = {r[0]: (r[1], int(r[2]), r[3]) for r in psql(
        pg, DB + "budget", "SELECT payment_id, status, last_sequence, total FROM payment_reservations")}
    payment_problems = []
    for pid, p in accepted.items():
        moves = sorted(movements_of.get(pid, []))
        if [m[0] for m in moves] != list(range(1, p["lines"] + 1)):
            payment_problems.append(f"payment {pid}: movement lines {[m[0] for m in moves]}, expected 1..{p['lines']}")
        if p["told"] != p["amount"] or sum(m[4] for m in moves) != p["amount"]:
            payment_problems.append(f"payment {pid}: told {p['told']}, movements {sum(m[4] for m in moves)}, "
                                    f"expected {p['amount']}")
        status, sequence, _ = paid.get(pid, (None, None, None))
        if p["confirmed"] and status != "SUCCEEDED":
            payment_problems.append(f"payment {pid}: confirmed (204) but {status}")
        if budget_state.get(pid, (None, None))[:2] != (status, sequence):
            payment_problems.append(f"payment {pid}: {status} sequence {sequence} in payment, "
                                    f"{budget_state.get(pid)} in budget")
        want = "SUCCEEDED" if status == "SUCCEEDED" else "ACCEPTED"
        if any(m[1] != want or m[2] != m[4] or m[3] != (0 if want == "SUCCEEDED" else m[4]) for m in moves):
            payment_problems.append(f"payment {pid} ({status}): movements {moves}")
    strays = sorted(set(movements_of) - set(accepted))  # reserved for a payment the client never saw accepted
    # -- movements: each accepted one stored once ---------------------------------------------------------------
    stored_docs = collections.Counter(r[0] for r in psql(pg, DB + "budget",
                                                         "SELECT document_number FROM movements WHERE document_number LIKE 'K%'"))
    movement_lost = [d for d in load.movements if stored_docs[d] == 0]
    movement_twice = [d for d in load.movements if stored_docs[d] > 1]
    # -- money: each subtype's spent is exactly what was accepted -----------------------------------------------
    spent = {r[0]: (Decimal(r[1]), Decimal(r[2])) for r in psql(pg, DB + "budget",
                                                                 "SELECT id, spent, reserved FROM budget_subtypes")}
    want_payments = sum((p["amount"] for p in accepted.values()), Decimal(0))
    want_reserved = sum((p["amount"] for pid, p in accepted.items() if paid.get(pid, ("",))[0] != "SUCCEEDED"), Decimal(0))
    want_movements = MOVEMENT_VALUE * len(load.movements)
    money = {"payments": (spent[ids["payment_subtype"]], (want_payments, want_reserved)),
             "movements": (spent[ids["movement_subtype"]], (want_movements, Decimal(0)))}
    # -- recoveries: one notification and one mail per accepted request -----------------------------------------
    notified = collections.Counter(r[0] for r in psql(pg, DB + "notification",
                                                      "SELECT recipient FROM notifications WHERE kind = 'PASSWORD_RESET'"))

    def mails_to(address):
        r = requests.get(f"{ep['MAILPIT_API']}/api/v1/search", params={"query": f"to:{address}", "limit": 1}, timeout=10)
        return r.json()["messages_count"]
    mails = {a: mails_to(a) for a in recipients}
    recovery_problems = {a: (load.recoveries[a], notified[a], mails[a]) for a in recipients
                         if not load.recoveries[a] == notified[a] == mails[a]}
    # -- the cluster afterwards ----------------------------------------------------------------------------------
    final = kafka.partitions()
    topics = sorted({t for t, _ in final})
    under = sorted({t for (t, _), (_, replicas, isr) in final.items() if len(replicas) != 3 or len(isr) != 3})
    fatal = {i.name: [line for line in i.log_path.read_text(errors="replace").splitlines() if "fatal error" in line]
             for i in instances}
    exited = {i.name: i.proc.returncode for i in instances if i.proc.poll() is not None}

    # -- the report, written whatever the outcome ----------------------------------------------------------------
    bounds = [*phases, ("end", load_ended)]

    def phase_of(t):
        label = "warm-up"
        for name, start in bounds[:-1]:
            if t >= start:
                label = name
        return label if t < load_ended else "after the load"
    labels = [name for name, _ in phases]
    kinds = ["payment create", "payment confirm", "movement create", "recover-password"]
    by = collections.defaultdict(list)
    answers = collections.defaultdict(collections.Counter)
    for kind, started, seconds, status in results:
        by[(phase_of(started), kind)].append(seconds)
        answers[phase_of(started)][status if isinstance(status, str) or status >= 300 else "2xx"] += 1
    lines = ["Requests through the two portals, milliseconds p50 / p99 / max (count):", "",
             "| phase | length | " + " | ".join(kinds) + " | answers |", "|---" * (len(kinds) + 3) + "|"]
    for (name, start), (_, end) in zip(bounds, bounds[1:]):
        cells = [f"{percentiles(by[(name, k)])} ({len(by[(name, k)])})" for k in kinds]
        lines.append(f"| {name} | {end - start:.1f} s | " + " | ".join(cells) + " | " +
                     ", ".join(f"{k}×{v}" for k, v in sorted(answers[name].items(), key=str)) + " |")
    # Events, by the phase in which they were committed: outbox commit -> acknowledged by Kafka (the
    # relay's stamp) -> applied by the consumer (its processed_events row). Same PostgreSQL clock.
    published = collections.defaultdict(list)
    for s, rs in rows.items():
        for event_id, topic, _, created_at, published_at in rs:
            if published_at:
                published[phase_of(float(created_at))].append(float(published_at) - float(created_at))
    applied = collections.defaultdict(lambda: collections.defaultdict(list))
    for (producer, topic), (sent, _, done) in consumed.items():
        for event_id, _, _, created_at, _ in sent:
            if event_id in done:
                applied[topic.removeprefix(PREFIX)][phase_of(float(created_at))].append(done[event_id] - float(created_at))
    flow_names = sorted(applied)
    lines += ["", "Events by the phase they were committed in, milliseconds p50 / p99 / max (count): published = "
              "outbox commit to Kafka's acknowledgement (acks=all); the others = outbox commit to applied by the consumer.",
              "", "| phase | published | " + " | ".join(f"{f} applied" for f in flow_names) + " |",
              "|---" * (len(flow_names) + 2) + "|"]
    for name in labels:
        lines.append(f"| {name} | {percentiles(published[name])} ({len(published[name])}) | " +
                     " | ".join(f"{percentiles(applied[f][name])} ({len(applied[f][name])})" for f in flow_names) + " |")
    payment_answers = collections.Counter(k for p in payments.values() for k, v in p["answers"].items() for _ in range(v))
    # Per kill, the longest pause of each stream from the kill to the end of the phase after it (the load
    # is steady, a few requests a second of each kind, so a pause is an outage), in seconds after the kill.
    create_ok = sorted(started + seconds for kind, started, seconds, status in results
                       if kind == "payment create" and status == 200)
    create_failed = sorted(started + seconds for kind, started, seconds, status in results
                           if kind == "payment create" and retryable(status))
    streams = {"acknowledged by Kafka": sorted(float(r[4]) for rs in rows.values() for r in rs if r[4]),
               "payment creates accepted": create_ok,
               **{f"{f} applied": sorted(t for (_, topic), (_, _, done) in consumed.items()
                                         if topic.removeprefix(PREFIX) == f for t in done.values()) for f in flow_names}}
    ends = [k["killed"] for k in kills[1:]] + [load_ended]  # each kill's window ends where the next begins
    kill_lines = []
    served_dead = {}  # per kill and stream: something happened in the last third of the dead time
    for kill, window_end in zip(kills, ends):
        t0 = kill["killed"]

        def pause(times):
            inside = [t0] + [t for t in times if t0 < t <= window_end] + [window_end]
            gap, start = max((b - a, a) for a, b in zip(inside, inside[1:]))
            return f"{gap:.1f} s (+{start - t0:.1f} to +{start + gap - t0:.1f})"
        for name, times in streams.items():
            # The failover is over well before (about +23 s of 30): in-flight acknowledgements at +0.1 s do not count.
            served_dead[(kill["node"], name)] = any(kill["restarted"] - DEAD_S / 3 < t < kill["restarted"] for t in times)
        failed = [t - t0 for t in create_failed if t0 < t < window_end]  # answered after this kill
        kill_lines.append(
            f"- node {kill['id']} ({kill['node']}), leader of {kill['led']} of the {kill['ours']} budgethub partitions"
            f"{' and coordinator of every consumer group' if kill['coordinator'] else ''}: SIGKILL at +0, "
            f"started again at +{kill['restarted'] - t0:.1f} s, ready at +{kill['ready'] - t0:.1f} s, every replica "
            f"in sync at +{kill['in_sync'] - t0:.1f} s. Longest pause after the kill: "
            + "; ".join(f"{name} {pause(times)}" for name, times in streams.items()) + ". Payment creates answered "
            + (f"5xx {len(failed)} times, answers from +{min(failed):.1f} to +{max(failed):.1f} s" if failed else "no 5xx")
            + " (sent again with the same Idempotency-Key).")
    lines += ["", "Kills (times in seconds after the SIGKILL):", *kill_lines, "",
              f"Payments: {len(accepted)} accepted of {len(payments)} started "
              f"({sum(1 for p in payments.values() if p['confirmed'])} confirmed), "
              f"{sum(p['lines'] for p in accepted.values())} movements expected, "
              f"{sum(len(movements_of.get(pid, [])) for pid in accepted)} stored; answers "
              + ", ".join(f"{k}×{v}" for k, v in sorted(payment_answers.items(), key=str)) + ".",
              f"Movements: {len(load.movements)} accepted, lost {len(movement_lost)}, stored twice {len(movement_twice)}.",
              f"Recoveries: {sum(load.recoveries.values())} accepted, {sum(notified[a] for a in recipients)} notifications, "
              f"{sum(mails.values())} mails.",
              "Spent: " + ", ".join(f"{k} {got[0]} (reserved {got[1]}), expected {want[0]} (reserved {want[1]})"
                                    for k, (got, want) in money.items()) + ".",
              "Outbox rows: " + ", ".join(f"{s} {len(rs)}" for s, rs in rows.items()) +
              f"; not in Kafka {len(not_in_kafka)}; records per event id in Kafka: "
              + ", ".join(f"{n}×{c}" for n, c in sorted(kafka_copies.items())) + ".",
              "Consumed: " + ", ".join(f"{t.removeprefix(PREFIX)} from {p} {len(sent) - len(missing)}/{len(sent)}"
                                      for (p, t), (sent, missing, _) in consumed.items()) + ".",
              f"Topics: {len(topics)}, every partition 3 replicas and 3 in sync: {not under}. "
              f"Phases: {PHASE_S:g} s before and after, {DEAD_S:g} s dead; a payment started every {PAYMENT_EVERY_S * 1000:.0f} ms, a movement every "
              f"{MOVEMENT_EVERY_S * 1000:.0f} ms, a recovery every {RECOVERY_EVERY_S * 1000:.0f} ms; two instances of "
              f"every service; warm-up (each flow once through each portal, until applied) {warm_up:.1f} s."]
    report = "\n".join(lines)
    print("\n" + report)
    out = pathlib.Path(os.environ.get("CLUSTER_REPORT", ROOT / "build" / "cluster-report.md"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n")

    # -- the verdicts --------------------------------------------------------------------------------------------
    assert not exited, f"instances exited during the run: {exited}"
    assert not any(fatal.values()), f"fatal Kafka client errors: {fatal}"
    assert not drain_problem, f"{drain_problem} (counts in the report above)"
    assert not unpublished, f"outbox rows never published: {unpublished[:10]}"
    assert not not_in_kafka, f"events acknowledged by Kafka but not in their topic (lost): {not_in_kafka[:10]}"
    missing = {f"{t} from {p}": m[:5] for (p, t), (_, m, _) in consumed.items() if m}
    assert not missing, f"events never applied by their consumer (lost): {missing}"
    assert len(accepted) == len(payments), \
        f"payments never accepted after {PAYMENT_RETRY_S} s of retries: {[k for k, p in payments.items() if not p['created']]}"
    assert not payment_problems, "payments lost or applied twice:\n" + "\n".join(payment_problems[:20])
    assert not strays, f"movements reserved for payments never accepted: {strays[:10]}"
    assert not movement_lost and not movement_twice, f"movements lost {movement_lost[:10]}, twice {movement_twice[:10]}"
    assert all(got == want for got, want in money.values()), f"spent (spent, reserved) is not what was accepted: {money}"
    assert not recovery_problems, f"recoveries: (accepted, notifications, mails) differ: {recovery_problems}"
    refused = {k: v for k, v in list(load.movement_answers.items()) + list(load.recovery_answers.items())
               if not (isinstance(k, int) and 200 <= k < 300)}
    assert not refused, f"movement or recovery requests (PostgreSQL only) not accepted: {refused}"
    unconfirmed = [p["id"] for p in accepted.values() if not p["confirmed"]]
    assert not unconfirmed, f"payments accepted but never confirmed: {unconfirmed[:10]}"
    slow = [(k, round(s, 1)) for k, _, s, _ in results if s > CLIENT_DEADLINE_S - 1]
    assert not slow, f"answers at the client deadline ({CLIENT_DEADLINE_S} s): {slow[:10]}"
    assert not under, f"topics without three replicas all in sync after the run: {under}"
    dead_letters = [t for t in topics if t.endswith(".dlq")]
    assert not dead_letters, f"events dead-lettered: {dead_letters}"
    not_served = [k for k, served in served_dead.items() if not served]
    assert not not_served, ("nothing of these in the last third of a node's dead time (the cluster did not work "
                            f"without it): {not_served}")
    assert sum(1 for t in topics if t.startswith(PREFIX)) >= 6, f"the flows' topics are missing: {topics}"
