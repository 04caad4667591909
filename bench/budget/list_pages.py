"""Driver of bench/budget/list_pages.sh: every filter combination x order of the movement listing, first
page and a deep keyset page, latency through the portal beside the SQL's own time; a table on stdout.
Usage: list_pages.py <portal URL> <budget database URL> (TOKEN in the environment)."""
import base64
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import time

import requests

portal, db_url = sys.argv[1], sys.argv[2]
REQUESTS = int(os.environ.get("REQUESTS", "300"))
WARM_UP = int(os.environ.get("WARM_UP", "3"))
SIZE = 20
session = requests.Session()
session.headers["Authorization"] = "Bearer " + os.environ["TOKEN"]

# The generator's ids (generate_1m_spread.sql): subtype 23 is under type 4.
FILTERS = {
    "type": ("budgetTypeId", "m.budget_type_id = '00000000-0000-7000-8000-000000000004'",
             "00000000-0000-7000-8000-000000000004"),
    "subtype": ("budgetSubtypeId", "m.budget_subtype_id = '00000000-0001-7000-8000-000000000017'",
                "00000000-0001-7000-8000-000000000017"),
    "supplier": ("supplierId", "m.supplier_id = '00000000-0002-7000-8000-00000000004d'",
                 "00000000-0002-7000-8000-00000000004d"),
    "status": ("status", "m.status = 'FAILED'", "FAILED"),
    "month": (None, "m.date_of_emission >= '2023-06-01' AND m.date_of_emission <= '2023-06-30'", None),
}
# API sort -> (SQL order, key columns, cursor signature: the listing's fields and directions, "~" the id).
ORDERS = {
    "id": ("m.id ASC", ["m.id"], "id+"),
    "dateOfEmission,desc": ("m.date_of_emission DESC, m.id DESC", ["m.date_of_emission", "m.id"],
                            "dateOfEmission-,~-"),
    "documentNumber": ("m.document_number ASC, m.id ASC", ["m.document_number", "m.id"], "documentNumber+,~+"),
}
JOINS = ("movements m LEFT JOIN budget_types t ON t.id = m.budget_type_id LEFT JOIN budget_subtypes s "
         "ON s.id = m.budget_subtype_id LEFT JOIN suppliers p ON p.id = m.supplier_id")


def psql(sql):
    return subprocess.run(["psql", "-tA", "-F", "\t", db_url, "-c", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def sql_ms(sql):
    plan = json.loads(psql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql))
    return plan[0]["Execution Time"]


def cursor(signature, values, matching):
    # db/listing.cpp's format: the order, the key values, the walk's total (capped at 10,000 for movements).
    total = f"{min(matching, 10000)}{'+' if matching > 10000 else ''}."
    raw = signature + "\n" + "".join(f"{len(v.encode())}:{v}" for v in values) + "\n" + total
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def measure(path):
    for _ in range(WARM_UP):  # not counted: the first requests of a new shape load its pages into memory
        session.get(portal + path, timeout=30)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        r = session.get(portal + path, timeout=30)
        times.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{path}: {r.status_code} {r.text[:300]}")
    times.sort()
    # Nearest rank: the smallest time at least 99 % of the requests did not exceed (of 100, the 99th; of 300,
    # the 297th). Not times[int(n * 0.99)], which for n = 100 is the slowest request, a p100.
    return statistics.median(times), times[math.ceil(len(times) * 0.99) - 1], times[-1]


# How much of the table an index-only scan can answer without reading it (bench/budget/generate_1m_spread.sql).
pages, visible = psql("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'movements'").split("\t")
print(f"visibility map: {int(visible):,} of {int(pages):,} pages all-visible")

rows = []
ONLY = [set(c.split("+")) for c in os.environ.get("ONLY", "").split(",") if c]  # e.g. ONLY=type+supplier,none
for n in range(len(FILTERS) + 1):
    for names in itertools.combinations(FILTERS, n):
        if ONLY and not any(set(names) == (wanted - {"none"}) for wanted in ONLY):
            continue
        where = " AND ".join(FILTERS[f][1] for f in names)
        where_sql = f" WHERE {where}" if where else ""
        query = "&".join(f"{FILTERS[f][0]}={FILTERS[f][2]}" for f in names if FILTERS[f][0])
        if "month" in names:
            query += ("&" if query else "") + "startDate=2023-06-01&endDate=2023-06-30"
        matching = int(psql(f"SELECT count(*) FROM movements m{where_sql}"))
        count_sql = f"SELECT count(*) FROM (SELECT 1 FROM movements m{where_sql} LIMIT 10001) c"
        for sort, (order_sql, keys, signature) in ORDERS.items():
            base = f"/api/v1/movement/all?size={SIZE}&sort={sort}" + (f"&{query}" if query else "")
            page_sql = f"SELECT m.*, t.name, s.name, p.company_name FROM {JOINS}{where_sql} ORDER BY {order_sql} LIMIT {SIZE + 1}"
            cases = [("first", base, sql_ms(page_sql) + sql_ms(count_sql))]
            if matching > 2 * SIZE:
                depth = int(matching * 0.9)
                key_row = psql(f"SELECT {', '.join(keys)} FROM movements m{where_sql} ORDER BY {order_sql} "
                               f"OFFSET {depth} LIMIT 1").split("\t")
                after = cursor(signature, key_row, matching)
                cmp = "<" if "DESC" in order_sql else ">"
                keyset = f"({', '.join(keys)}) {cmp} ({', '.join(repr(v) for v in key_row)})"
                deep_where = f"{where_sql} AND {keyset}" if where_sql else f" WHERE {keyset}"
                deep_sql = (f"SELECT m.*, t.name, s.name, p.company_name FROM {JOINS}{deep_where} "
                            f"ORDER BY {order_sql} LIMIT {SIZE + 1}")
                cases.append((f"row {depth:,}", f"{base}&after={after}", sql_ms(deep_sql)))  # no count: carried
            for label, path, reference in cases:
                p50, p99, slowest = measure(path)
                rows.append(("+".join(names) or "none", sort, label, matching, p50, p99, reference, slowest))
                print(f"{rows[-1][0]:<34} {sort:<20} {label:<12} {matching:>9,} p50 {p50:6.2f} ms  "
                      f"p99 {p99:6.2f} ms  max {slowest:6.2f} ms  SQL {reference:6.2f} ms", flush=True)

worst = max(rows, key=lambda r: r[5])
over = [r for r in rows if r[5] > 10]
print(f"\n{len(rows)} cases, {REQUESTS} requests each after {WARM_UP} not counted: p99 worst {worst[5]:.2f} ms "
      f"({worst[0]}, {worst[1]}, {worst[2]}); median of the p99s "
      f"{statistics.median(r[5] for r in rows):.2f} ms; cases over 10 ms: {len(over)}")
for r in sorted(over, key=lambda r: -r[5]):
    print(f"  over: {r[0]} {r[1]} {r[2]}: p99 {r[5]:.2f} ms, max {r[7]:.2f} ms, SQL {r[6]:.2f} ms")
