#!/usr/bin/env python3
"""Starts localstripe (PyPI), the stateful Stripe double, for scripts/stack: on 127.0.0.1 only and
with its objects in memory only.

localstripe's own entry point listens on every interface (IPv6 '::') and writes its whole store to
/tmp/localstripe.pickle after every change, reading it back at the next start: two stacks on one
machine would share (and race on) that file, and a stack would wake with the objects of an earlier
one. Here the same aiohttp application is served on the loopback address and port given, and the
store lives in memory, so each start begins empty, as a test run expects; with --store FILE (the
durable stack of `make run`) it is written to that file after each change and read back at start.

    localstripe_serve.py --port PORT [--store FILE]
"""
import argparse
import logging
import os
import pickle

from aiohttp import web
from localstripe import resources, server


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

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    web.run_app(server.app, host=args.host, port=args.port, access_log=logging.getLogger("aiohttp.access"),
                print=None)


if __name__ == "__main__":
    main()
