#!/usr/bin/env python3
"""Starts localstripe (PyPI), the stateful Stripe double, for scripts/stack: on 127.0.0.1 only and
with its objects in memory only.

localstripe's own entry point listens on every interface (IPv6 '::') and writes its whole store to
/tmp/localstripe.pickle after every change, reading it back at the next start: two stacks on one
machine would share (and race on) that file, and a stack would wake with the objects of an earlier
one. Here the same aiohttp application is served on the loopback address and port given, and the
store lives in memory, so each start begins empty, as a test run expects; with --store FILE (the
durable stack of `make run`) it is written to that file after each change and read back at start.

localstripe has no Checkout. The three calls BudgetHub makes are added here, keeping state like the
rest of localstripe: POST /v1/checkout/sessions (mode=payment), GET /v1/checkout/sessions/{id} and
POST /v1/checkout/sessions/{id}/expire. Nobody pays on the session's URL, so a session only expires;
a completed session is shown by tests signing Stripe's checkout.session.completed themselves
(docs/dev/payment-contract.md lists what each double covers).

    localstripe_serve.py --port PORT [--store FILE]
"""
import argparse
import logging
import os
import pickle
import time

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError

SESSION_TTL = 24 * 3600  # Stripe's default expiry of a Checkout Session


def session_key(session_id):
    return "checkout.session:" + session_id


async def create_session(request):
    data = await server.get_post_data(request) or {}
    if data.get("mode") != "payment":
        raise UserError(400, "Only mode=payment is supported here")
    if not data.get("success_url"):
        raise UserError(400, "Missing required param: success_url.")
    items = data.get("line_items")
    if not isinstance(items, list) or not items:
        raise UserError(400, "Missing required param: line_items.")
    total, currency = 0, None
    for item in items:
        price = item.get("price_data") if isinstance(item, dict) else None
        try:
            total += int(price["unit_amount"]) * int(item.get("quantity", 1))
            currency = price["currency"]
        except (KeyError, TypeError, ValueError):
            raise UserError(400, "Each line item needs price_data[currency], price_data[unit_amount]")
    now = int(time.time())
    session_id = "cs_test_" + resources.random_id(24)
    session = {
        "id": session_id, "object": "checkout.session", "mode": "payment", "livemode": False,
        "url": "https://checkout.stripe.com/c/pay/" + session_id, "status": "open",
        "payment_status": "unpaid", "payment_intent": None, "amount_total": total, "currency": currency,
        "customer": data.get("customer"), "client_reference_id": data.get("client_reference_id"),
        "success_url": data["success_url"], "cancel_url": data.get("cancel_url"),
        "metadata": data.get("metadata") or {}, "created": now,
        "expires_at": int(data.get("expires_at") or now + SESSION_TTL),
    }
    resources.store[session_key(session_id)] = session
    return web.json_response(session)


def stored_session(request):
    session = resources.store.get(session_key(request.match_info["id"]))
    if session is None:
        raise UserError(404, "No such checkout.session: " + request.match_info["id"])
    return session


async def retrieve_session(request):
    return web.json_response(stored_session(request))


async def expire_session(request):
    session = stored_session(request)
    if session["status"] != "open":
        raise UserError(400, "Only Checkout Sessions with a status in [\"open\"] can be expired.")
    session = dict(session, status="expired")
    resources.store[session_key(session["id"])] = session
    return web.json_response(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--store", help="keep the objects in this file (written by this process only)")
    args = parser.parse_args()

    def load(store):
        if args.store and os.path.exists(args.store):
            with open(args.store, "rb") as f:
                store.update(pickle.load(f))

    def dump(store):
        if args.store:
            tmp = args.store + ".tmp"
            with open(tmp, "wb") as f:
                pickle.dump(dict(store), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, args.store)  # a crash mid-write leaves the previous file whole

    resources.Store.dump_to_disk = dump
    resources.Store.try_load_from_disk = load
    resources.store.try_load_from_disk()
    server.app.router.add_post("/v1/checkout/sessions", create_session)
    server.app.router.add_get("/v1/checkout/sessions/{id}", retrieve_session)
    server.app.router.add_post("/v1/checkout/sessions/{id}/expire", expire_session)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    web.run_app(server.app, host=args.host, port=args.port, access_log=logging.getLogger("aiohttp.access"),
                print=None)


if __name__ == "__main__":
    main()
