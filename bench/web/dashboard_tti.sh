#!/usr/bin/env bash
# Time to interactive of the web app's dashboard on loopback, in one go:
#   1. the reference: the same dashboard over empty databases (the app's own cost);
#   2. with 1,000 budget types, 1,000 subtypes and 1,000,000 movements (seed_dashboard.sql).
# Both measured by web/bench/dashboard-tti.mjs (Performance API, headless Chromium, cold loads); the ratio is printed.
# Usage: BUDGETHUB_RUN=/work/main/.run/<you> bench/web/dashboard_tti.sh [build/<dir>/src/budgethub] [web dist dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${1:-$root/build/release/src/budgethub}
web_dir=${2:-$root/web/dist/budgethub-web/browser}
[ -f "$web_dir/index.html" ] || { echo "$web_dir: build the web app first (scripts/web-build)"; exit 1; }
export RUNS=${RUNS:-9} BUDGETHUB_PORTAL_WEB_DIR=$web_dir
source "$root/bench/lib/system.sh"
bench_start_system "$binary" "d$(date +%s)"
bench_sign_up_admin
export BASE_URL=$portal

echo "== reference: the dashboard over empty databases ($RUNS cold loads)"
empty=$(node "$root/web/bench/dashboard-tti.mjs")
echo "$empty"
echo "== seeding 1,000 types, 1,000 subtypes, 1,000,000 movements"
psql -q "$db_url" -f "$here/seed_dashboard.sql"
psql -tA "$db_url" -c "SELECT (SELECT count(*) FROM budget_types) || ' types, ' || (SELECT count(*) FROM budget_subtypes)
  || ' subtypes, ' || (SELECT count(*) FROM movements) || ' movements'"
echo "== the dashboard with that data ($RUNS cold loads)"
full=$(node "$root/web/bench/dashboard-tti.mjs")
echo "$full"
"$python" - "$empty" "$full" <<'PY'
import json, sys
empty, full = (json.loads(a) for a in sys.argv[1:])
print(f"time to interactive p50: {full['tti']['p50']} ms at 1,000 types/subtypes and 1,000,000 movements, "
      f"{empty['tti']['p50']} ms empty: ratio {full['tti']['p50'] / empty['tti']['p50']:.2f}")
for path, t in full["api"].items():
    print(f"  {path}: p50 {t['p50']} ms, p90 {t['p90']} ms")
PY
