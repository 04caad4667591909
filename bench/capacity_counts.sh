#!/usr/bin/env bash
# Measures, per route class, the PostgreSQL transactions, Kafka records and Redis commands one request
# causes (docs/scaling.md, "Measured: what one request costs"). Counts, not timings: safe to run on a
# busy machine. Starts `budgethub serve --target all` on its own databases and topics (bench/lib/system.sh)
# over the stack of $BUDGETHUB_RUN, with payments going to the stack's localstripe, and stops it at the end.
#   BUDGETHUB_RUN=.run/<you> scripts/stack up                 # once (all servers: pg, redis, kafka, localstripe, s3, mail)
#   BUDGETHUB_RUN=.run/<you> BH_BINARY=build/ci/src/budgethub bench/capacity_counts.sh [out.json]
# Knobs: CAP_SCALE=0.5 (fewer requests per class), CAP_IDLE_SECONDS=30 (background-rate window),
# CAP_CLASSES='sign-in,create movement' (a subset). Prints a Markdown table; the raw figures go to out.json
# (default: $BUDGETHUB_RUN/capacity_counts.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
: "${BH_BINARY:?set BH_BINARY to a built budgethub}"
: "${BUDGETHUB_RUN:?set BUDGETHUB_RUN to a directory whose stack is up (scripts/stack up)}"
[ -f "$BUDGETHUB_RUN/endpoints.env" ] || { echo "no stack at $BUDGETHUB_RUN: scripts/stack up first" >&2; exit 1; }
command -v kcat >/dev/null || { echo "kcat is required (scripts/bootstrap installs it)" >&2; exit 1; }
out=${1:-$BUDGETHUB_RUN/capacity_counts.json}

source bench/lib/system.sh
# Sign-in limits out of the way (the counters in Redis are still kept, and counted); everything else as
# deployed: access log on, portal rate limits at their default (off), outbox relays at 200 ms.
export BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_ADDRESS=1000000 BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_EMAIL=1000000
tag="cap$(date +%s)"
bench_start_system "$BH_BINARY" "$tag"
echo "system up: $portal (log $bench_log)" >&2
CAP_PORTAL=$portal "$python" bench/capacity_counts.py >"$out"
"$python" - "$out" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
dbs = ["auth", "budget", "payment", "notification"]
print("| route class (N) | PG commits / request: total (auth, budget, payment, notification) | PG rollbacks | Kafka records / request (by topic) | Redis commands |")
print("|---|---|---|---|---|")
for r in results:
    p = r["per_request"]
    commits = [p.get(f"pg.{d}.commit", 0) for d in dbs]
    rollbacks = sum(p.get(f"pg.{d}.rollback", 0) for d in dbs)
    topics = {k[6:]: v for k, v in p.items() if k.startswith("kafka.") and abs(v) >= 0.005}
    kafka = sum(topics.values())
    detail = ", ".join(f"{t} {v:.2f}" for t, v in sorted(topics.items()))
    print(f"| {r['class']} ({r['n']}) | {sum(commits):.2f} ({', '.join(f'{c:.2f}' for c in commits)}) | "
          f"{rollbacks:.2f} | {kafka:.2f} ({detail}) | {p.get('redis.commands', 0):.1f} |")
PY
echo "raw figures: $out" >&2
