"""The budget's side of payments, black-box (docs/dev/payment-contract.md): the real binary's budget
service answers a `budget.reserve` command sent over Kafka as the payment service sends it (kcat here
plays the payment service), shows the reservation in its HTTP API, refuses to let users touch the
payment's movement, and follows `payment.updated` events."""
import json
import random
import subprocess
import time
import uuid

import requests

from conftest import unique

from test_budget import error, new_subtype, new_supplier, new_type, ok


def uuid7():
    """A UUIDv7: 48-bit ms timestamp, version 7, variant 10."""
    value = (int(time.time() * 1000) << 80) | random.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def brokers(system):
    return system.env["BUDGETHUB_KAFKA_BROKERS"]


def prefix(system):
    return system.env["BUDGETHUB_KAFKA_TOPIC_PREFIX"]


def produce(system, topic, key, payload, headers):
    args = []
    for name, value in headers.items():
        args += ["-H", f"{name}={value}"]
    subprocess.run(["kcat", "-P", "-b", brokers(system), "-t", topic, "-k", key, *args],
                   input=json.dumps(payload).encode(), check=True, timeout=30)


def read_one(system, topic, deadline_s=30):
    """The first message of `topic` (created by its first message), waiting for it up to the deadline."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        out = subprocess.run(["kcat", "-C", "-b", brokers(system), "-t", topic, "-o", "beginning", "-c", "1",
                              "-e", "-q", "-f", "%s"], capture_output=True, timeout=30)
        if out.returncode == 0 and out.stdout.strip():
            return json.loads(out.stdout)
        time.sleep(0.3)
    raise AssertionError(f"no message on {topic} after {deadline_s}s")


def reserve(system, payment_id, lines):
    """Sends budget.reserve as bus::RequestReply does (correlation-id, reply-to) and returns the reply."""
    reply_topic = f"{prefix(system)}replies.{unique('e2epay')}"
    command = {"version": 1, "paymentId": payment_id, "description": "Office chairs", "userId": uuid7(),
               "dateOfEmission": "2026-12-05", "lines": lines}
    produce(system, f"{prefix(system)}budget.reserve", payment_id, command,
            {"correlation-id": uuid7(), "reply-to": reply_topic, "event-id": uuid7(),
             "content-type": "application/json"})
    return read_one(system, reply_topic)


def payment_updated(system, payment_id, sequence, status, amount, refunded=0, receipt_url=None):
    payload = {"version": 1, "paymentId": payment_id, "sequence": sequence, "status": status, "amount": amount,
               "refundedAmount": refunded, "currency": "eur", "stripePaymentIntentId": "pi_e2e",
               "receiptUrl": receipt_url, "occurredAt": "2026-12-05T10:00:00Z"}
    produce(system, f"{prefix(system)}payment.updated", payment_id, payload,
            {"event-id": uuid7(), "event-type": "payment.updated", "content-type": "application/json"})


def usage_of(system, admin, type_id, subtype_id):
    page = ok(system.get("/api/v1/budget/usage", admin, params={"size": 100, "sort": "id,desc"}))
    for item in page["content"]:
        if item["budgetTypeId"] == type_id:
            return item, next(s for s in item["subtypes"] if s["budgetSubtypeId"] == subtype_id)
    raise AssertionError(f"type {type_id} not in the usage summary")


def eventually(check, deadline_s=30):
    started = time.monotonic()
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() - started > deadline_s:
                raise
            time.sleep(0.2)


def test_a_payment_reserves_shows_is_protected_and_is_released(system):
    admin = system.admin
    budget_type = new_type(system, admin, "1000")
    subtype = new_subtype(system, admin, budget_type["id"], "200")
    supplier = new_supplier(system, admin)
    line = {"budgetTypeId": None, "budgetSubtypeId": subtype["id"], "supplierId": supplier["id"],
            "valueWithoutIva": 120.00, "ivaRate": 23.00}

    payment_id = uuid7()
    reply = reserve(system, payment_id, [line])
    assert reply["outcome"] == "RESERVED", reply
    assert reply["paymentId"] == payment_id and reply["version"] == 1
    assert reply["total"] == 147.60
    [movement] = reply["movements"]
    assert movement["documentNumber"] == f"PAY-{payment_id}-1"
    assert (movement["valueWithoutIva"], movement["ivaValue"], movement["totalValue"]) == (120.00, 27.60, 147.60)

    stored = ok(system.get(f"/api/v1/movement/{movement['movementId']}", admin))
    assert stored["paymentId"] == payment_id and stored["status"] == "ACCEPTED"
    assert stored["budgetSubtypeId"] == subtype["id"] and stored["supplierId"] == supplier["id"]
    type_usage, subtype_usage = usage_of(system, admin, budget_type["id"], subtype["id"])
    assert subtype_usage["spent"] == 147.60 and subtype_usage["reservedForPayments"] == 147.60
    assert subtype_usage["available"] == 52.40
    assert type_usage["reservedForPayments"] == 147.60

    # Users cannot touch it: it changes only with its payment.
    error(system.put("/api/v1/movement/update", admin, json={**stored, "description": "mine now"}),
          409, "PAYMENT_MOVEMENT")
    error(system.delete(f"/api/v1/movement/{stored['id']}", admin), 409, "PAYMENT_MOVEMENT")
    # The internal status route (the budget service itself; the portal does not route it).
    r = requests.put(system.url("budget") + "/api/v1/movement/status/update", headers=admin.headers(),
                     json={"id": stored["id"], "status": "CANCELED"}, timeout=10)
    error(r, 409, "PAYMENT_MOVEMENT")

    # The budget has 52.40 left: a payment of 52.41 is refused, and books nothing.
    refused = reserve(system, uuid7(), [{**line, "valueWithoutIva": 52.41, "ivaRate": 0}])
    assert refused["outcome"] == "BUDGET_EXCEEDED", refused
    invalid = reserve(system, uuid7(), [{**line, "ivaRate": 100.5}])
    assert invalid["outcome"] == "INVALID" and invalid["errors"][0]["field"] == "lines[0].ivaRate", invalid

    # The payment is canceled: the movement follows and the reservation is released.
    payment_updated(system, payment_id, 1, "CANCELED", 147.60)

    def released():
        now = ok(system.get(f"/api/v1/movement/{stored['id']}", admin))
        assert now["status"] == "CANCELED", now
        _, sub = usage_of(system, admin, budget_type["id"], subtype["id"])
        assert sub["spent"] == 0 and sub["reservedForPayments"] == 0, sub

    eventually(released)
