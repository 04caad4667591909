"""Counts what one request of each route class costs the shared infrastructure: PostgreSQL transactions
(pg_stat_database.xact_commit / xact_rollback, per service database), Kafka records (the end offsets of
every topic of the run's prefix, reply and dead-letter topics included) and Redis commands
(INFO stats total_commands_processed). Input to docs/scaling.md; run through bench/capacity_counts.sh,
which starts the system this talks to.

For each class: an idle window measures the background rate of every counter (outbox relays polling,
the export and mail pollers, the deny-list keeper, the payment sweeper: time-driven, not request-driven);
then N requests run one after the other, the script waits until everything they caused downstream has
settled (outbox drained, Kafka end offsets still, mails sent, export jobs finished), and
(after - before - background rate x elapsed) / N is printed. Counts only: no timings are measured."""
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import urllib.parse
import uuid

import requests

PORTAL = os.environ["CAP_PORTAL"]
PG_URL = os.environ["PG_URL"]
DB_PREFIX = os.environ["BUDGETHUB_POSTGRES_DATABASE_PREFIX"]
TOPIC_PREFIX = os.environ["BUDGETHUB_KAFKA_TOPIC_PREFIX"]
BROKERS = os.environ["KAFKA_BROKERS"]
REDIS_URL = os.environ["REDIS_URL"]
IDLE_S = float(os.environ.get("CAP_IDLE_SECONDS", "30"))
SCALE = float(os.environ.get("CAP_SCALE", "1"))  # multiplies every class's N
DATABASES = ["auth", "budget", "payment", "notification"]


def log(*args):
    print("[capacity]", *args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# Counters

def psql(database, query):
    url = urllib.parse.urlparse(PG_URL)._replace(path="/" + database).geturl()
    out = subprocess.run(["psql", url, "-Atc", query], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def pg_counters():
    rows = psql("postgres", "SELECT datname, xact_commit, xact_rollback FROM pg_stat_database "
                            f"WHERE datname LIKE '{DB_PREFIX}%'")
    result = {}
    for line in rows.splitlines():
        name, commits, rollbacks = line.split("|")
        service = name[len(DB_PREFIX):]
        result[f"pg.{service}.commit"] = int(commits)
        result[f"pg.{service}.rollback"] = int(rollbacks)
    return result


def kafka_topics():
    meta = json.loads(subprocess.run(["kcat", "-b", BROKERS, "-L", "-J"], capture_output=True, text=True,
                                     check=True, timeout=30).stdout)
    return {t["topic"]: len(t["partitions"]) for t in meta["topics"] if t["topic"].startswith(TOPIC_PREFIX)}


def kafka_counters():
    topics = kafka_topics()
    if not topics:
        return {}
    args = ["kcat", "-b", BROKERS, "-Q", "-J"]
    for topic, partitions in topics.items():
        for p in range(partitions):
            args += ["-t", f"{topic}:{p}:-1"]
    out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True, timeout=30).stdout)
    result = {}
    for topic, parts in out.items():
        total = sum(v["offset"] for k, v in parts.items() if k != "topic" and v.get("offset", -1) >= 0)
        name = topic[len(TOPIC_PREFIX):]
        if name.startswith("replies."):  # replies.<host>-payment-<port>: one per payment instance
            name = "replies.<payment instance>"
        result["kafka." + name] = result.get("kafka." + name, 0) + total
    return result


def redis_counters():
    out = subprocess.run(["redis-cli", "-u", REDIS_URL, "INFO", "stats"], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        if line.startswith("total_commands_processed:"):
            # This INFO is itself counted: subtract it so two snapshots differ by others' commands only.
            return {"redis.commands": int(line.split(":")[1]) - 1}
    raise RuntimeError("no total_commands_processed in INFO stats")


def snapshot():
    values = {}
    values.update(pg_counters())
    values.update(kafka_counters())
    values.update(redis_counters())
    values["time"] = time.monotonic()
    return values


def delta(before, after):
    keys = set(before) | set(after)
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys if k != "time"}


def outbox_pending():
    return sum(int(psql(DB_PREFIX + db, "SELECT count(*) FROM outbox WHERE published_at IS NULL"))
               for db in DATABASES)


def unfinished_work():
    """What the requests started and has not ended yet: outbox rows, mails, export jobs."""
    mails = int(psql(DB_PREFIX + "notification",
                     "SELECT count(*) FROM notifications WHERE status IN ('PENDING', 'FAILED')"))
    exports = int(psql(DB_PREFIX + "budget",
                       "SELECT count(*) FROM export_jobs WHERE state IN ('QUEUED', 'RUNNING')"))
    return outbox_pending() + mails + exports


def settle(quiet_s=4.0, deadline_s=300):
    """Waits until no work is pending and the Kafka end offsets have not moved for quiet_s; then 11 s more,
    for PostgreSQL's statistics to be complete: a backend that goes idle within 1 s of its last report
    reports again only 10 s later (PostgreSQL 15's PGSTAT_IDLE_INTERVAL)."""
    started = time.monotonic()
    last, still_since = None, time.monotonic()
    while time.monotonic() - started < deadline_s:
        offsets = kafka_counters()
        if offsets != last:
            last, still_since = offsets, time.monotonic()
        if unfinished_work() == 0 and time.monotonic() - still_since >= quiet_s:
            time.sleep(11)
            return
        time.sleep(0.5)
    raise RuntimeError("the system did not settle")


def idle_rates(seconds):
    settle()
    before = snapshot()
    time.sleep(seconds)
    after = snapshot()
    span = after["time"] - before["time"]
    return {k: v / span for k, v in delta(before, after).items()}, span


# ---------------------------------------------------------------------------------------------------
# The system's API

def ok(r, status=(200, 201, 202, 204)):
    if r.status_code not in status:
        raise RuntimeError(f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:500]}")
    return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else None


def user_body(first="Cap"):
    tag = uuid.uuid4().int
    return {"firstName": first, "lastName": "Bench", "nif": str(100_000_000 + tag % 899_999_999),
            "email": f"cap{tag % 10**12}@budgethub.test", "password": "Correct-Horse-9",
            "dateOfBirth": "1990-05-17", "nationality": "Portuguese", "gender": "Female",
            "phoneNumber": "+3519" + str(10_000_000 + tag % 89_999_999)}


class Api:
    def __init__(self):
        self.http = requests.Session()
        admin = user_body("Admin")
        ok(self.http.post(f"{PORTAL}/api/v1/user-credentials/register", json=admin, timeout=30))
        self.admin_login = {"email": admin["email"], "password": admin["password"]}
        self.token = ok(self.http.post(f"{PORTAL}/api/v1/auth/sign-in", json=self.admin_login, timeout=30))["token"]
        self.auth = {"Authorization": f"Bearer {self.token}"}
        # Room for every booking of the run: no threshold is crossed (a crossing adds its own events,
        # counted apart in docs/scaling.md).
        t = self.post("/api/v1/budget/type/create",
                      {"name": "Cap" + uuid.uuid4().hex[:8], "description": "d", "availableFunds": 9_000_000_000})
        self.subtype = self.post("/api/v1/budget/subtype/create",
                                 {"name": "CapSub" + uuid.uuid4().hex[:8], "description": "d",
                                  "availableFunds": 8_000_000_000, "budgetTypeId": t["id"]})["id"]
        self.supplier = self.post("/api/v1/supplier/create",
                                  {"companyName": "Cap Co " + uuid.uuid4().hex[:6], "responsibleName": "Ana",
                                   "nif": str(500_000_000 + uuid.uuid4().int % 99_999_999)})["id"]

    def post(self, path, body=None, **kwargs):
        return ok(self.http.post(PORTAL + path, json=body, headers=self.auth, timeout=60, **kwargs))

    def get(self, path):
        return ok(self.http.get(PORTAL + path, headers=self.auth, timeout=60))

    def movement(self, n):
        return self.post("/api/v1/movement/create", {
            "supplierId": self.supplier, "budgetSubtypeId": self.subtype, "documentNumber": f"CAP-{uuid.uuid4().hex}",
            "type": "DEBIT", "status": "SUCCEEDED", "dateOfEmission": "2024-05-01", "description": f"cap {n}",
            "valueWithoutIva": 1.5, "ivaRate": 23})


# ---------------------------------------------------------------------------------------------------
# Route classes: (name, what one unit is, N, setup() -> state, one(state, i))

def classes(api):
    def sign_in_setup():
        body = user_body()
        ok(requests.post(f"{PORTAL}/api/v1/user-credentials/register", json=body, timeout=30))
        return {"email": body["email"], "password": body["password"]}

    def sign_in(login, i):
        ok(api.http.post(f"{PORTAL}/api/v1/auth/sign-in", json=login, timeout=30))

    def list_setup():
        for n in range(40):
            api.movement(n)

    def list_page(_, i):
        api.get("/api/v1/movement/all?size=20")

    def create_movement(_, i):
        api.movement(i)

    def payment(_, i):
        created = api.post("/api/v1/payment/create-payment-intent", {
            "currency": "eur", "paymentMethodId": "pm_card_visa", "description": f"cap {i}",
            "items": [{"id": "chairs", "amount": 10, "ivaRate": 23, "budgetSubtypeId": api.subtype,
                       "supplierId": api.supplier}]})
        api.post("/api/v1/payment/confirm", {"paymentIntentId": created["paymentIntentId"]})

    def paid_setup(count):
        """Payments created and confirmed before the window: what Stripe's webhooks then arrive for."""
        intents = []
        for k in range(count):
            created = api.post("/api/v1/payment/create-payment-intent", {
                "currency": "eur", "paymentMethodId": "pm_card_visa", "description": f"cap paid {k}",
                "items": [{"id": "chairs", "amount": 10, "ivaRate": 23, "budgetSubtypeId": api.subtype,
                           "supplierId": api.supplier}]})
            api.post("/api/v1/payment/confirm", {"paymentIntentId": created["paymentIntentId"]})
            intents.append(created["paymentIntentId"])
        return intents

    secret = os.environ["BUDGETHUB_PAYMENT_WEBHOOK_SECRETS"].split(",")[0]

    def deliver(event_type, obj):
        body = json.dumps({"id": "evt_cap_" + uuid.uuid4().hex, "object": "event", "type": event_type,
                           "created": int(time.time()), "livemode": False, "data": {"object": obj}}).encode()
        t = int(time.time())
        sig = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
        ok(api.http.post(f"{PORTAL}/api/v1/webhook/stripe", data=body, timeout=60, headers={
            "Content-Type": "application/json", "Stripe-Signature": f"t={t},v1={sig}"}))

    def webhooks(intents, i):
        # What Stripe sends after a confirmed card payment: the intent's success (already known from the
        # confirm's answer: recorded, nothing changes) and the charge with its receipt (receipt URL on the
        # payment, an invoice per movement, the receipt mail).
        intent = intents[i]
        deliver("payment_intent.succeeded", {"id": intent, "object": "payment_intent", "status": "succeeded",
                                              "amount": 1230, "amount_received": 1230, "currency": "eur"})
        deliver("charge.succeeded", {"id": "ch_cap_" + uuid.uuid4().hex[:12], "object": "charge",
                                     "status": "succeeded", "payment_intent": intent, "amount": 1230,
                                     "amount_refunded": 0, "refunded": False, "currency": "eur",
                                     "receipt_url": "https://pay.stripe.com/receipts/cap/" + uuid.uuid4().hex})

    def export(_, i):
        api.post("/api/v1/movement/export-movements-report?startDate=2024-01-01&endDate=2024-12-31")

    def invoices_setup(n):
        return [api.post("/api/v1/invoice/create", {"dateOfEmission": "2024-11-10", "description": f"cap {k}"})["id"]
                for k in range(n)]

    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"  # 10 KiB

    def upload(ids, i):
        ok(api.http.post(f"{PORTAL}/api/v1/invoice/attach-multipart-file/{ids[i]}", headers=api.auth,
                         files={"file": ("receipt.pdf", pdf, "application/octet-stream")}, timeout=60))

    n = lambda base: max(1, int(base * SCALE))  # noqa: E731
    return [
        ("sign-in", "POST /api/v1/auth/sign-in", n(100), sign_in_setup, sign_in),
        ("authenticated GET list", "GET /api/v1/movement/all?size=20 (40 movements)", n(300), list_setup, list_page),
        ("create movement", "POST /api/v1/movement/create (DEBIT SUCCEEDED, no threshold crossed)", n(300),
         lambda: None, create_movement),
        ("create payment + confirm", "POST create-payment-intent (one item) + POST confirm: one pair", n(100),
         lambda: None, payment),
        ("Stripe webhooks of a payment", "POST /api/v1/webhook/stripe x 2 (payment_intent.succeeded, "
         "charge.succeeded with a receipt URL) for a confirmed payment", n(100), lambda: paid_setup(n(100)), webhooks),
        ("export request", "POST export-movements-report (job run, .xlsx stored, mail sent)", n(40),
         lambda: None, export),
        ("invoice upload", "POST attach-multipart-file (10 KiB PDF, a new invoice each)", n(200),
         lambda: invoices_setup(n(200)), upload),
    ]


def main():
    api = Api()
    wanted = set(filter(None, os.environ.get("CAP_CLASSES", "").split(",")))
    results = []
    for name, what, count, setup, one in classes(api):
        if wanted and name not in wanted:
            continue
        state = setup()
        rates, idle_span = idle_rates(IDLE_S)
        before = snapshot()
        for i in range(count):
            one(state, i)
        settle()
        after = snapshot()
        span = after["time"] - before["time"]
        raw = delta(before, after)
        per = {k: (raw.get(k, 0) - rates.get(k, 0) * span) / count for k in set(raw) | set(rates)}
        background = {k: rates.get(k, 0) * span for k in rates}
        log(f"{name}: N={count}, {span:.1f} s, idle window {idle_span:.1f} s")
        results.append({"class": name, "what": what, "n": count, "seconds": span, "raw": raw,
                        "background": background, "per_request": per})
    json.dump(results, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
