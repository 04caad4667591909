"""Payments, black-box through the portal: the real binary against localstripe (stateful Stripe double:
customers, intents, confirm, cancel, refunds, card tokens, signed webhooks) for intents, and against
stripe-mock (Stripe's own OpenAPI: every request we send must be well formed) for checkout sessions,
whose state neither double keeps: those events are signed here, with the secret the service trusts.

What each test shows: the amount is reserved on the budget before anything is charged; success turns
it into spending with an invoice holding the receipt URL and one receipt mail; cancel releases it;
refunds give back exactly the refunded cents; webhooks are verified (forged, unsigned, stale, future,
replayed → 400, nothing applied) and applied once in any order; a retried command never pays twice."""
import concurrent.futures
import hashlib
import hmac
import json
import os
import random
import time
import urllib.parse
import uuid

import pytest
import requests

from conftest import free_port, launch_system, require, unique, wait_ready

SECRET_A = "whsec_e2e_" + uuid.uuid4().hex  # the current secret
SECRET_B = "whsec_e2e_" + uuid.uuid4().hex  # the next one, during a rotation: both are accepted
STRIPE_KEY = "sk_test_e2e_budgethub"


# ---------------------------------------------------------------------------------------------
# Helpers

def ok(r, status=200):
    assert r.status_code == status, f"{r.status_code} {r.text}"
    return r.json() if r.content else None


def error(r, status, code):
    assert r.status_code == status, f"{r.status_code} {r.text}"
    body = r.json()
    assert body["errorCode"] == code, body
    return body


def wait_for(check, what, deadline_s=20):
    end = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < end:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {deadline_s}s (last: {last})")


def signature(payload: bytes, secret: str, timestamp=None):
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event(type_, obj, event_id=None):
    return {"id": event_id or "evt_" + uuid.uuid4().hex, "object": "event", "type": type_,
            "created": int(time.time()), "livemode": False, "data": {"object": obj}}


def deliver(system, body, secret=SECRET_A, timestamp=None, header=None):
    payload = json.dumps(body).encode()
    sig = header if header is not None else signature(payload, secret, timestamp)
    headers = {"Content-Type": "application/json"}
    if sig:
        headers["Stripe-Signature"] = sig
    return requests.post(system.portal + "/api/v1/webhook/stripe", data=payload, headers=headers, timeout=30)


def mails_to(address):
    api = require("MAILPIT_API")
    query = urllib.parse.quote(f'to:"{address}"')
    r = requests.get(f"{api}/api/v1/search?limit=50&query={query}", timeout=10)
    r.raise_for_status()
    return r.json()["messages"]


class World:
    """A budget type with one subtype, a supplier, an employee who pays and the admin."""

    def __init__(self, system, subtype_funds=500):
        self.system = system
        self.admin = system.admin
        self.employee = system.user_with_role("EMPLOYEE")
        self.type = ok(system.post("/api/v1/budget/type/create", self.admin,
                                   json={"name": unique("PayType"), "description": "d", "availableFunds": 100000}))
        self.subtype = ok(system.post("/api/v1/budget/subtype/create", self.admin,
                                      json={"name": unique("PaySub"), "description": "d",
                                            "availableFunds": subtype_funds, "budgetTypeId": self.type["id"]}))
        tag = uuid.uuid4().int
        self.supplier = ok(system.post("/api/v1/supplier/create", self.admin,
                                       json={"companyName": unique("PayCo"), "responsibleName": "Ana",
                                             "nif": str(100000000 + tag % 899999999)}))

    def order(self, amount=100, rate=23, **overrides):
        body = {"currency": "eur", "paymentMethodId": "pm_card_visa", "description": unique("Chairs"),
                "items": [{"id": "chairs", "amount": amount, "ivaRate": rate,
                           "budgetSubtypeId": self.subtype["id"], "supplierId": self.supplier["id"]}]}
        body.update(overrides)
        return body

    def create(self, user=None, key=None, **order):
        headers = {"Idempotency-Key": key} if key else None
        return self.system.post("/api/v1/payment/create-payment-intent", user or self.employee,
                                headers=headers, json=self.order(**order))

    def payment(self, payment_id, user=None):
        return ok(self.system.get(f"/api/v1/payment/{payment_id}", user or self.admin))

    def usage(self):
        """The subtype's figures in the usage summary (its type's row lists it)."""
        page = 0
        while True:
            body = ok(self.system.get(f"/api/v1/budget/usage?size=100&page={page}&sort=id,asc", self.admin))
            for row in body["content"]:
                if row["budgetTypeId"] == self.type["id"]:
                    return next(s for s in row["subtypes"] if s["budgetSubtypeId"] == self.subtype["id"])
            if body["last"]:
                pytest.fail(f"budget type {self.type['id']} not in the usage summary")
            page += 1

    def movements(self, payment_id):
        body = ok(self.system.get(f"/api/v1/movement/budget-subtype/{self.subtype['id']}?size=100", self.admin))
        return [m for m in body["content"] if m["documentNumber"].startswith(f"PAY-{payment_id}-")]

    def invoices(self, payment_id):
        ids = {m["id"] for m in self.movements(payment_id)}
        body = ok(self.system.get("/api/v1/invoice/all?size=100", self.admin))
        return [i for i in body["content"] if (i.get("movement") or {}).get("id") in ids]


def money(value):
    return round(float(value), 2)


def reserved_of(usage):
    return money(usage.get("reservedForPayments", 0))


# ---------------------------------------------------------------------------------------------
# Fixtures: one system on localstripe for intents, one on stripe-mock for checkout sessions.

@pytest.fixture(scope="module")
def localstripe():
    return require("LOCALSTRIPE_API")


@pytest.fixture(scope="module")
def pay(binary, tmp_path_factory, localstripe):
    system = launch_system(binary, tmp_path_factory.mktemp("payments"), {
        "BUDGETHUB_PAYMENT_STRIPE_API_BASE": localstripe,
        "BUDGETHUB_PAYMENT_STRIPE_SECRET_KEY": STRIPE_KEY,
        "BUDGETHUB_PAYMENT_WEBHOOK_SECRETS": f"{SECRET_A},{SECRET_B}",
        "BUDGETHUB_PAYMENT_BUDGET_TIMEOUT": "10s",
        "BUDGETHUB_PAYMENT_RETURN_URL": "",  # localstripe refuses return_url on confirm
    })
    # localstripe posts its own signed payment_intent.succeeded / payment_failed to our portal.
    r = requests.post(f"{localstripe}/_config/webhooks/e2e-{uuid.uuid4().hex[:8]}",
                      data={"url": system.portal + "/api/v1/webhook/stripe", "secret": SECRET_A}, timeout=10)
    assert r.status_code in (200, 201, 204), r.text
    try:
        yield system
    finally:
        system.running.stop()


@pytest.fixture(scope="module")
def world(pay):
    return World(pay)


@pytest.fixture(scope="module")
def checkout(binary, tmp_path_factory):
    system = launch_system(binary, tmp_path_factory.mktemp("checkout"), {
        "BUDGETHUB_PAYMENT_STRIPE_API_BASE": require("STRIPE_API"),
        "BUDGETHUB_PAYMENT_STRIPE_SECRET_KEY": "sk_test_123",
        "BUDGETHUB_PAYMENT_WEBHOOK_SECRETS": SECRET_A,
    })
    try:
        yield system
    finally:
        system.running.stop()


# ---------------------------------------------------------------------------------------------
# Intents

def test_intent_reserves_confirm_spends_and_one_receipt_is_mailed(world):
    before = world.usage()
    created = ok(world.create(amount=100, rate=23))
    payment = created["payment"]
    assert created["paymentIntentId"].startswith("pi_") and created["correlationId"] == payment["id"]
    assert payment["status"] == "CREATED" and money(payment["amount"]) == 123.00 and payment["reserved"]
    # Reserved on the budget before anything was charged, and counted against it.
    during = world.usage()
    assert reserved_of(during) == reserved_of(before) + 123.00
    assert money(during["available"]) == money(before["available"]) - 123.00

    assert world.system.post("/api/v1/payment/confirm", world.employee,
                             json={"paymentIntentId": created["paymentIntentId"],
                                   "receiptEmail": "ignored@x.test"}).status_code == 204
    got = world.payment(payment["id"])
    assert got["status"] == "SUCCEEDED", got
    assert [h["to"] for h in got["history"]][:1] == ["CREATED"] and got["history"][-1]["to"] == "SUCCEEDED"

    def spent():
        moves = world.movements(payment["id"])
        return moves if moves and all(m["status"] == "SUCCEEDED" for m in moves) else None
    moves = wait_for(spent, "the payment's movement SUCCEEDED")
    assert sum(money(m["totalValue"]) for m in moves) == 123.00
    after = world.usage()
    assert reserved_of(after) == reserved_of(before)  # no longer reserved: spent
    assert money(after["available"]) == money(before["available"]) - 123.00
    # localstripe's charges carry no receipt URL: Stripe's charge.succeeded (with one) is signed here,
    # and delivered twice (a Stripe retry, signed anew): one invoice URL, one receipt mail.
    receipt = "https://pay.stripe.com/receipts/e2e/" + uuid.uuid4().hex
    charge = event("charge.succeeded", {"id": "ch_e2e_" + uuid.uuid4().hex[:10], "object": "charge",
                                        "status": "succeeded", "payment_intent": created["paymentIntentId"],
                                        "amount": 12300, "amount_refunded": 0, "receipt_url": receipt,
                                        "refunded": False})
    assert ok(deliver(world.system, charge))["outcome"] == "applied"
    assert ok(deliver(world.system, charge, timestamp=int(time.time()) - 1))["outcome"] == "duplicate"
    assert world.payment(payment["id"])["receiptUrl"] == receipt

    def invoiced():
        invoices = world.invoices(payment["id"])
        return invoices if len(invoices) == len(moves) and all(
            i["stripeReceiptUrl"] == receipt for i in invoices) else None
    wait_for(invoiced, "an invoice with the receipt URL on each movement of the payment")
    wait_for(lambda: [m for m in mails_to(world.employee.body["email"]) if "eceipt" in m["Subject"]],
             "the receipt mail")
    time.sleep(1.5)  # localstripe's own webhooks arrive about a second late: still one mail
    assert len([m for m in mails_to(world.employee.body["email"]) if "eceipt" in m["Subject"]]) == 1
    # Confirming again is a no-op, not a second charge.
    assert world.system.post("/api/v1/payment/confirm", world.employee,
                             json={"paymentIntentId": created["paymentIntentId"]}).status_code == 204
    assert world.payment(payment["id"])["status"] == "SUCCEEDED"


def test_a_declined_card_is_told_and_the_payment_stays_open_for_another(world):
    before = world.usage()
    created = ok(world.create(amount=6, rate=0, paymentMethodId="pm_card_chargeCustomerFail"))
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    body = error(world.system.post("/api/v1/payment/confirm", world.employee, json={"paymentIntentId": intent}),
                 409, "FAILED_TO_CONFIRM_PAYMENT")
    assert body["message"], body  # Stripe's words, written for the payer
    got = world.payment(pid)
    assert got["status"] == "CREATED" and got["lastError"], got
    # Still held for another card (confirming with another payment method is a request shape
    # localstripe refuses; stripe-mock checks it in src/stripe/api_itest.cpp).
    assert reserved_of(world.usage()) == reserved_of(before) + 6.00
    assert {h["to"] for h in got["history"]} == {"CREATED"}, got["history"]


def test_cancel_releases_the_reservation(world):
    before = world.usage()
    created = ok(world.create(amount=40, rate=0))
    assert reserved_of(world.usage()) == reserved_of(before) + 40.00
    error(world.system.post("/api/v1/payment/cancel", world.employee,
                            json={"paymentIntentId": created["paymentIntentId"]}), 403, "ROLE_ACCESS_DENIED")
    assert world.system.post("/api/v1/payment/cancel", world.admin,
                             json={"paymentIntentId": created["paymentIntentId"]}).status_code == 204
    assert world.payment(created["payment"]["id"])["status"] == "CANCELED"
    wait_for(lambda: reserved_of(world.usage()) == reserved_of(before), "the reservation released")
    assert money(world.usage()["available"]) == money(before["available"])
    # Canceled is final: no confirm, and a second cancel is a no-op.
    error(world.system.post("/api/v1/payment/confirm", world.employee,
                            json={"paymentIntentId": created["paymentIntentId"]}), 409, "FAILED_TO_CONFIRM_PAYMENT")
    assert world.system.post("/api/v1/payment/cancel", world.admin,
                             json={"paymentIntentId": created["paymentIntentId"]}).status_code == 204


def paid(world, amount, rate=0):
    created = ok(world.create(amount=amount, rate=rate))
    assert world.system.post("/api/v1/payment/confirm", world.employee,
                             json={"paymentIntentId": created["paymentIntentId"]}).status_code == 204
    assert world.payment(created["payment"]["id"])["status"] == "SUCCEEDED"
    return created


def test_partial_then_full_refund_gives_back_exactly_the_refunded_cents(world):
    before = world.usage()
    created = paid(world, 50)
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 50, "spent")
    error(world.system.post("/api/v1/payment/refund", world.employee, json={"paymentIntentId": intent}),
          403, "ROLE_ACCESS_DENIED")
    assert world.system.post("/api/v1/payment/refund", world.admin,
                             json={"paymentIntentId": intent, "amount": 12.34}).status_code == 204
    got = world.payment(pid)
    assert got["status"] == "PARTIALLY_REFUNDED" and money(got["refundedAmount"]) == 12.34
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 50 + 12.34,
             "12.34 given back")
    # More than what is left: refused, nothing changes.
    error(world.system.post("/api/v1/payment/refund", world.admin,
                            json={"paymentIntentId": intent, "amount": 37.67}), 409, "REFUND_NOT_POSSIBLE")
    assert world.system.post("/api/v1/payment/refund", world.admin,
                             json={"paymentIntentId": intent}).status_code == 204  # the remainder
    got = world.payment(pid)
    assert got["status"] == "REFUNDED" and money(got["refundedAmount"]) == 50.00
    assert [money(r["amount"]) for r in got["refunds"]] == [12.34, 37.66]
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]), "all given back")
    error(world.system.post("/api/v1/payment/refund", world.admin, json={"paymentIntentId": intent}),
          409, "REFUND_NOT_POSSIBLE")


def test_a_retried_command_with_the_same_key_pays_once(world):
    key = str(uuid.uuid4())
    before = world.usage()
    same = f"Chairs {key}"
    first = ok(world.create(key=key, amount=10, rate=0, description=same))
    again = ok(world.create(key=key, amount=10, rate=0, description=same))
    assert again["payment"]["id"] == first["payment"]["id"]
    assert again["paymentIntentId"] == first["paymentIntentId"]
    assert reserved_of(world.usage()) == reserved_of(before) + 10.00
    # The same key with other details is a mistake, not a retry (as Stripe answers it).
    error(world.create(key=key, amount=11, rate=0, description=same), 409, "IDEMPOTENCY_KEY_REUSED")
    # Another user's key space is its own.
    other = ok(world.create(user=world.admin, key=key, amount=10, rate=0, description=same))
    assert other["payment"]["id"] != first["payment"]["id"]


def test_a_budget_that_does_not_fit_refuses_before_stripe(pay):
    small = World(pay, subtype_funds=30)
    body = error(small.create(amount=30, rate=23), 400, "BUDGET_EXCEEDED")
    # What was asked and what is left, each under its own name (the seed swapped them).
    assert "Total value: 36.90" in body["message"] and "Available: 30.00" in body["message"], body
    listed = ok(pay.get("/api/v1/payment/all?status=FAILED&size=100", small.employee))
    assert any(p["description"] for p in listed["content"])
    assert reserved_of(small.usage()) == 0


def test_48_intents_over_two_payment_and_two_budget_instances_reserve_exactly_what_fits(pay, start):
    """The issue's concurrency proof: 48 concurrent intents, spread over two payment instances (each
    asked directly, as a second portal would) and two budget instances (sharing the partitions of
    budget.reserve), against a subtype that fits 10 of them."""
    small = World(pay, subtype_funds=100)
    env = {k: v for k, v in pay.env.items() if k != "BUDGETHUB_LOG_FORMAT"}  # start() sets it
    payment_port, budget_port = free_port(), free_port()
    second_payment = start("serve", "--target", "payment", env={**env, "BUDGETHUB_PAYMENT_PORT": str(payment_port)})
    second_budget = start("serve", "--target", "budget", env={**env, "BUDGETHUB_BUDGET_PORT": str(budget_port)})
    wait_ready(f"http://127.0.0.1:{payment_port}/readyz", running=second_payment)
    wait_ready(f"http://127.0.0.1:{budget_port}/readyz", running=second_budget)
    urls = [pay.url("payment"), f"http://127.0.0.1:{payment_port}"]

    def create(i):
        r = requests.post(urls[i % 2] + "/api/v1/payment/create-payment-intent", headers=small.employee.headers(),
                          json=small.order(amount=10, rate=0), timeout=60)
        return r.status_code, (r.json().get("errorCode") if r.status_code != 200 else None)
    try:
        with concurrent.futures.ThreadPoolExecutor(48) as pool:
            results = list(pool.map(create, range(48)))
    finally:
        # Stopped, not killed: they leave the consumer group at once, so the partitions they held go
        # back to the module's system now (after a SIGKILL, only when the session times out).
        second_budget.stop()
        second_payment.stop()
    assert results.count((200, None)) == 10, results
    assert results.count((400, "BUDGET_EXCEEDED")) == 38, results
    usage = small.usage()
    assert reserved_of(usage) == 100.00 and money(usage["available"]) == 0.00, usage
    assert money(usage["spent"]) + money(usage["available"]) == money(usage["allocated"]), usage
    created = ok(pay.get("/api/v1/payment/all?status=CREATED&size=100", small.employee))
    assert created["totalElements"] == 10


def test_validation_names_every_bad_field(world):
    body = error(world.system.post("/api/v1/payment/create-payment-intent", world.employee,
                                   json={"currency": "yen!", "items": [{"amount": -1}, "x"], "movementType": "CREDIT"}),
                 400, "VALIDATION_ERROR")
    text = json.dumps(body)
    for field in ("currency", "description", "items[0].amount", "items[0].supplierId", "items[1]", "movementType"):
        assert field in text, (field, body)
    error(world.system.post("/api/v1/payment/create-payment-intent", world.employee,
                            headers={"Idempotency-Key": "x" * 300}, json=world.order()), 400, "VALIDATION_ERROR")


def test_staff_see_their_own_payments_managers_all(world):
    mine = ok(world.create(amount=1, rate=0))["payment"]
    stranger = world.system.user_with_role("EMPLOYEE")
    error(world.system.get(f"/api/v1/payment/{mine['id']}", stranger), 404, "PAYMENT_NOT_FOUND")
    error(world.system.post("/api/v1/payment/confirm", stranger,
                            json={"paymentIntentId": mine["paymentIntentId"]}), 404, "PAYMENT_NOT_FOUND")
    assert ok(world.system.get("/api/v1/payment/all", stranger))["totalElements"] == 0
    manager = world.system.user_with_role("MANAGER")
    assert ok(world.system.get(f"/api/v1/payment/{mine['id']}", manager))["id"] == mine["id"]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    listed = ok(world.system.get(f"/api/v1/payment/all?status=CREATED&from={today}&to={today}&size=100",
                                 world.employee))
    assert mine["id"] in [p["id"] for p in listed["content"]]
    error(world.system.get("/api/v1/payment/all?status=NOPE", world.employee), 400, "VALIDATION_ERROR")
    error(world.system.get("/api/v1/payment/all?from=05/12/2026", world.employee), 400, "VALIDATION_ERROR")


def test_card_token_answers_the_token_never_the_card(world):
    r = world.system.post("/api/v1/payment/create-card-token", world.employee,
                          json={"cardNumber": "4242 4242 4242 4242", "expMonth": 12, "expYear": 2030, "cvc": "123"})
    body = ok(r)
    assert body["token"].startswith("tok_") and body["success"] is True
    assert body["last4"] == "4242"
    assert "4242424242424242" not in r.text and "123" not in json.dumps({k: v for k, v in body.items()
                                                                        if k != "token"})
    log = world.system.running.log()
    assert "4242424242424242" not in log and "4242 4242 4242 4242" not in log
    body = error(world.system.post("/api/v1/payment/create-card-token", world.employee,
                                   json={"cardNumber": "12", "expMonth": 13, "expYear": 1999, "cvc": "1"}),
                 400, "VALIDATION_ERROR")
    for field in ("cardNumber", "expMonth", "expYear", "cvc"):
        assert field in json.dumps(body)


def test_sepa_method_answers_an_id_and_the_last_four(world):
    body = ok(world.system.post("/api/v1/payment/create-sepa-token", world.employee,
                                json={"iban": "DE89 3704 0044 0532 0130 00", "accountHolderName": "Ana Lima",
                                      "accountHolderType": "individual"}))
    assert body["token"].startswith("pm_") and body["ibanLast4"] == "3000" and body["success"] is True
    assert "DE89370400440532013000" not in json.dumps(body)


# ---------------------------------------------------------------------------------------------
# Webhooks

def test_webhooks_refuse_forged_unsigned_stale_future_and_replayed_deliveries(world):
    created = ok(world.create(amount=5, rate=0))
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    succeeded = event("payment_intent.succeeded", {"id": intent, "object": "payment_intent", "status": "succeeded",
                                                   "metadata": {"payment_id": pid}})
    now = int(time.time())
    error(deliver(world.system, succeeded, secret="whsec_forged"), 400, "INVALID_STRIPE_SIGNATURE")
    error(deliver(world.system, succeeded, header=""), 400, "INVALID_STRIPE_SIGNATURE")
    error(deliver(world.system, succeeded, timestamp=now - 301), 400, "INVALID_STRIPE_SIGNATURE")
    error(deliver(world.system, succeeded, timestamp=now + 301), 400, "INVALID_STRIPE_SIGNATURE")
    error(deliver(world.system, {"id": "evt_x"}), 400, "INVALID_STRIPE_EVENT")
    assert world.payment(pid)["status"] == "CREATED"  # nothing applied
    payload = json.dumps(succeeded).encode()
    header = signature(payload, SECRET_B)  # the rotation's second secret is accepted
    first = requests.post(world.system.portal + "/api/v1/webhook/stripe", data=payload,
                          headers={"Stripe-Signature": header, "Content-Type": "application/json"}, timeout=30)
    assert ok(first)["outcome"] == "applied"
    replay = requests.post(world.system.portal + "/api/v1/webhook/stripe", data=payload,
                           headers={"Stripe-Signature": header, "Content-Type": "application/json"}, timeout=30)
    error(replay, 400, "WEBHOOK_REPLAYED")
    # Stripe's own retry is signed anew: a duplicate, answered 200 and applied no second time.
    assert ok(deliver(world.system, succeeded))["outcome"] == "duplicate"
    got = world.payment(pid)
    assert got["status"] == "SUCCEEDED" and len([h for h in got["history"] if h["to"] == "SUCCEEDED"]) == 1


def test_duplicated_and_shuffled_events_are_applied_once(pay):
    world = World(pay)  # its own payer: the receipt mails below are counted
    before = world.usage()
    created = paid(world, 20)
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 20, "spent")
    charge = world.payment(pid)
    charge_id = "ch_e2e_" + uuid.uuid4().hex[:10]
    receipt = "https://pay.stripe.com/receipts/e2e/" + uuid.uuid4().hex
    def charge_event(type_, refunded_cents):
        return event(type_, {"id": charge_id, "object": "charge", "status": "succeeded", "payment_intent": intent,
                             "amount": 2000, "amount_refunded": refunded_cents, "receipt_url": receipt,
                             "refunded": refunded_cents == 2000})
    events = ([event("payment_intent.processing", {"id": intent, "status": "processing"})] +
              [charge_event("charge.succeeded", 0)] * 1 +
              [charge_event("charge.refunded", 500), charge_event("charge.refunded", 1500)])
    # Each delivered five times (same event id), as Stripe retries: each retry signed anew (another
    # timestamp), so none is a replay of a delivery already received, only a duplicate event.
    now = int(time.time())
    deliveries = [(e, now - copy) for e in events for copy in range(5)]
    random.Random(7).shuffle(deliveries)
    outcomes = [ok(deliver(world.system, e, timestamp=t))["outcome"] for e, t in deliveries]
    assert outcomes.count("duplicate") == 4 * len(events), outcomes
    got = world.payment(pid)
    assert got["status"] == "PARTIALLY_REFUNDED" and money(got["refundedAmount"]) == 15.00, got
    assert got["receiptUrl"] == receipt and charge["status"] == "SUCCEEDED"
    wait_for(lambda: money(world.usage()["available"]) == money(before["available"]) - 5,
             "exactly the 15.00 refunded given back")
    # The invoice says refunded (its receipt URL kept); one receipt mail for each charge event that
    # changed something (the charge, and each refund not already overtaken by a later one: a refund
    # of 15.00 applied before the one of 5.00 makes the latter stale), whatever the deliveries.
    applied = [e["type"] for (e, _), outcome in zip(deliveries, outcomes)
               if outcome == "applied" and e["type"].startswith("charge.")]
    assert applied.count("charge.succeeded") <= 1 and 1 <= applied.count("charge.refunded") <= 2, applied
    wait_for(lambda: [i for i in world.invoices(pid)
                      if i["description"] == "Charge refund from Stripe succeeded" and i["stripeReceiptUrl"] == receipt],
             "the invoice rewritten for the refund")
    def receipts():
        found = [m for m in mails_to(world.employee.body["email"]) if "eceipt" in m["Subject"]]
        return found if len(found) >= len(applied) else None
    wait_for(receipts, f"{len(applied)} receipt mails")
    time.sleep(1.5)  # anything late would show now
    assert len(receipts()) == len(applied)


def test_every_other_handled_event_type(world):
    """payment_intent.created / payment_failed / canceled, charge.updated and refund.updated, through the
    portal, signed as Stripe signs them (the types the tests above do not send)."""
    before = world.usage()
    created = ok(world.create(amount=7, rate=0))
    pid, intent = created["payment"]["id"], created["paymentIntentId"]
    # created: what we know already (nothing to change).
    assert ok(deliver(world.system, event("payment_intent.created", {
        "id": intent, "status": "requires_confirmation"})))["outcome"] == "stale"
    # payment_failed: Stripe keeps the intent open for another card; the reason is kept for the user.
    assert ok(deliver(world.system, event("payment_intent.payment_failed", {
        "id": intent, "status": "requires_payment_method",
        "last_payment_error": {"message": "Your card was declined."}})))["outcome"] == "applied"
    got = world.payment(pid)
    assert got["status"] == "CREATED" and got["lastError"] == "Your card was declined.", got
    # canceled: final, and the reservation goes back to the budget.
    assert ok(deliver(world.system, event("payment_intent.canceled", {
        "id": intent, "status": "canceled"})))["outcome"] == "applied"
    assert world.payment(pid)["status"] == "CANCELED"
    wait_for(lambda: reserved_of(world.usage()) == reserved_of(before), "the reservation released")

    paid_one = paid(world, 9)
    pid, intent = paid_one["payment"]["id"], paid_one["paymentIntentId"]
    receipt = "https://pay.stripe.com/receipts/e2e/" + uuid.uuid4().hex
    assert ok(deliver(world.system, event("charge.updated", {
        "id": "ch_e2e_" + uuid.uuid4().hex[:10], "object": "charge", "status": "succeeded", "payment_intent": intent,
        "amount": 900, "amount_refunded": 0, "receipt_url": receipt})))["outcome"] == "applied"
    assert world.payment(pid)["receiptUrl"] == receipt
    assert world.system.post("/api/v1/payment/refund", world.admin,
                             json={"paymentIntentId": intent, "amount": 2}).status_code == 204
    refund = world.payment(pid)["refunds"][0]
    assert refund["stripeRefundId"].startswith("re_") and refund["status"] == "SUCCEEDED", refund
    assert ok(deliver(world.system, event("refund.updated", {
        "id": refund["stripeRefundId"], "object": "refund", "status": "succeeded", "payment_intent": intent,
        "amount": 200})))["outcome"] in ("applied", "stale")
    got = world.payment(pid)
    assert got["status"] == "PARTIALLY_REFUNDED" and money(got["refundedAmount"]) == 2.00, got


def test_events_for_unknown_payments_or_types_are_acknowledged_and_recorded(world):
    assert ok(deliver(world.system, event("payment_intent.succeeded", {"id": "pi_unknown", "status": "succeeded"})))[
        "outcome"] == "unknown-payment"
    created = ok(world.create(amount=1, rate=0))
    assert ok(deliver(world.system, event("customer.created", {"id": "cus_1", "metadata": {
        "payment_id": created["payment"]["id"]}})))["outcome"] == "unhandled-type"


# ---------------------------------------------------------------------------------------------
# Checkout sessions (stripe-mock validates the request; the events are signed here)

def test_checkout_session_completed_spends_and_expired_releases(checkout):
    w = World(checkout)
    before = w.usage()
    body = w.order(amount=80, rate=23)
    body.pop("paymentMethodId")
    first = ok(checkout.post("/api/v1/payment/create-payment-session", w.employee, json=body))
    assert first["sessionId"].startswith("cs_") and first["sessionUrl"].startswith("https://")
    second = ok(checkout.post("/api/v1/payment/create-payment-session", w.employee, json=body))
    assert reserved_of(w.usage()) == reserved_of(before) + 2 * 98.40
    pid = first["correlationId"]
    completed = event("checkout.session.completed", {
        "id": first["sessionId"], "object": "checkout.session", "payment_status": "paid", "status": "complete",
        "payment_intent": "pi_checkout_" + uuid.uuid4().hex[:12], "metadata": {"payment_id": pid}})
    assert ok(deliver(checkout, completed))["outcome"] == "applied"
    assert w.payment(pid)["status"] == "SUCCEEDED"
    expired = event("checkout.session.expired", {"id": second["sessionId"], "object": "checkout.session",
                                                 "status": "expired", "metadata": {"payment_id": second["correlationId"]}})
    assert ok(deliver(checkout, expired))["outcome"] == "applied"
    assert w.payment(second["correlationId"])["status"] == "CANCELED"
    # Expired after completed (reordered) changes nothing.
    late = event("checkout.session.expired", {"id": first["sessionId"], "status": "expired"})
    assert ok(deliver(checkout, late))["outcome"] == "stale"
    wait_for(lambda: reserved_of(w.usage()) == reserved_of(before), "the expired session released")
    wait_for(lambda: money(w.usage()["available"]) == money(before["available"]) - 98.40, "one spent")
