#!/usr/bin/env bash
# Budget core measurements, in one go, against the stack of $BUDGETHUB_RUN (scripts/stack up):
#   1. create-movement throughput through the portal (wrk, CLIENTS connections, DURATION) and the same
#      SQL transaction run by pgbench on the same database (same client count), in ROUNDS (3) alternating
#      rounds: the median of the rounds' ratios. CREATE_ONLY=1 stops after it; PERF_RECORD=<file> records
#      a perf profile of the service during the first round;
#   2. p99 latency of a movement list page through the portal at 1,000,000 movements (generated with
#      generate_series), plus EXPLAIN ANALYZE of the page and count queries.
# Usage: BUDGETHUB_RUN=/work/main/.run/<you> bench/budget/run.sh [build/<dir>/src/budgethub]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${1:-$root/build/release/src/budgethub}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
source "$root/bench/lib/system.sh"
bench_start_system "$binary" "b$(date +%s)"

# A user (the first one: ADMIN), a type and subtype with room for every request, a supplier.
bench_sign_up_admin
eval "$("$python" - "$portal" <<'PY'
import os, sys, uuid, requests
portal = sys.argv[1]
tag = uuid.uuid4().int
h = {"Authorization": "Bearer " + os.environ["TOKEN"]}
t = requests.post(f"{portal}/api/v1/budget/type/create", headers=h, timeout=10,
                  json={"name": f"Bench {tag}", "description": "bench", "availableFunds": 9_000_000_000}).json()
s = requests.post(f"{portal}/api/v1/budget/subtype/create", headers=h, timeout=10,
                  json={"name": f"Bench sub {tag}", "description": "bench", "availableFunds": 8_000_000_000,
                        "budgetTypeId": t["id"]}).json()
p = requests.post(f"{portal}/api/v1/supplier/create", headers=h, timeout=10,
                  json={"companyName": f"Bench {tag}", "responsibleName": "B", "nif": str(tag % 10**9 + 10**9)}).json()
print(f"export TYPE_ID={t['id']} SUBTYPE_ID={s['id']} SUPPLIER_ID={p['id']}")
PY
)"
vars=(-D supplier="$SUPPLIER_ID" -D subtype="$SUBTYPE_ID" -D type="$TYPE_ID")

# Rounds alternate (wrk, then pgbench, ROUNDS times): both sides see the same table sizes and the same
# machine state, and the ratio reported is the median of the rounds' ratios.
ratios=()
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round: create-movement through the portal: wrk -c$CLIENTS -d${DURATION}s"
    if [ -n "${PERF_RECORD:-}" ] && [ "$round" = 1 ]; then  # a profile of the service under this load
        perf record -F 999 -g -p "$bench_pid" -o "$PERF_RECORD" -- sleep "$DURATION" 2>/dev/null &
        perf_pid=$!
    fi
    wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$here/create_movement.lua" "$portal" | tee /tmp/budget-bench-wrk.txt
    # Only perf's own job: a bare `wait` would also wait for the service started in the background.
    [ -z "${perf_pid:-}" ] || { wait "$perf_pid" || echo "perf record failed (exit $?)"; perf_pid=; }
    portal_rps=$(awk '/Requests\/sec/ {print $2}' /tmp/budget-bench-wrk.txt)
    non2xx=$(awk '/Non-2xx/ {print $NF}' /tmp/budget-bench-wrk.txt); non2xx=${non2xx:-0}
    echo "== round $round: the same transaction in pgbench: -c$CLIENTS -T$DURATION"
    pgbench -n -M prepared -c"$CLIENTS" -j2 -T"$DURATION" "${vars[@]}" -f "$here/create_movement.sql" "$db_url" | tee /tmp/budget-bench-pgbench.txt
    pg_tps=$(awk '/^tps/ {print $3}' /tmp/budget-bench-pgbench.txt)
    ratio=$("$python" -c "print(round($portal_rps / $pg_tps, 3))")
    ratios+=("$ratio")
    echo "round $round: portal create-movement $portal_rps req/s (non-2xx: $non2xx); pgbench same SQL $pg_tps tx/s;" \
         "ratio $ratio"
done
echo "create-movement portal/pgbench, $ROUNDS rounds: ${ratios[*]}; median" \
     "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')"
# What non-2xx answers were (wrk does not say): the same request from 32 concurrent clients.
"$python" - "$portal" <<'PY'
import collections, concurrent.futures, os, sys, uuid, requests
portal = sys.argv[1]
def one(_):
    body = {"supplierId": os.environ["SUPPLIER_ID"], "budgetSubtypeId": os.environ["SUBTYPE_ID"],
            "documentNumber": "PY-" + uuid.uuid4().hex, "type": "DEBIT", "status": "SUCCEEDED",
            "dateOfEmission": "2024-05-01", "description": "bench", "valueWithoutIva": 1.5, "ivaRate": 23}
    r = requests.post(portal + "/api/v1/movement/create", json=body, timeout=30,
                      headers={"Authorization": "Bearer " + os.environ["TOKEN"]})
    return (r.status_code, r.json().get("errorCode") if r.status_code != 200 else "")
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    print("32 concurrent creates:", dict(collections.Counter(pool.map(one, range(64)))))
PY
[ -z "${CREATE_ONLY:-}" ] || exit 0

echo "== generating 1,000,000 movements"
psql -q "$db_url" "${vars[@]/-D/-v}" -f "$here/generate_1m.sql"
psql -tA "$db_url" -c "SELECT count(*) FROM movements"
echo "== EXPLAIN ANALYZE (first page by id; a filtered page; the capped count)"
psql "$db_url" -v subtype="$SUBTYPE_ID" <<'SQL'
EXPLAIN (ANALYZE, COSTS OFF) SELECT m.* FROM movements m LEFT JOIN budget_types t ON t.id = m.budget_type_id
  LEFT JOIN budget_subtypes s ON s.id = m.budget_subtype_id LEFT JOIN suppliers p ON p.id = m.supplier_id
  ORDER BY m.id ASC LIMIT 20 OFFSET 0;
EXPLAIN (ANALYZE, COSTS OFF) SELECT m.* FROM movements m WHERE m.budget_subtype_id = :'subtype' AND m.status = 'CANCELED'
  ORDER BY m.id ASC LIMIT 20 OFFSET 9980;
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM (SELECT 1 FROM movements m WHERE m.status = 'FAILED' LIMIT 10001) c;
SQL
# The same deep page reached by keyset: the cursor that page 99 hands out (docs/api.md "Paged listings").
after=$(curl -fsS -H "Authorization: Bearer $TOKEN" \
  "$portal/api/v1/movement/budget-subtype/$SUBTYPE_ID?size=20&status=CANCELED&page=99" |
  "$python" -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"])')
for path in "/api/v1/movement/all?size=20" "/api/v1/movement/budget-subtype/$SUBTYPE_ID?size=20&status=CANCELED&page=100" \
            "/api/v1/movement/budget-subtype/$SUBTYPE_ID?size=20&status=CANCELED&after=$after" \
            "/api/v1/movement/all?size=100&startDate=2023-06-01&endDate=2023-06-30&sort=dateOfEmission,desc"; do
    echo "== list p99 through the portal: $path"
    LIST_PATH=$path wrk -t2 -c8 -d10s --latency -s "$here/list_movements.lua" "$portal" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx"
done
