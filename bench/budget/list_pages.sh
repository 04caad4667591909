#!/usr/bin/env bash
# Movement list pages at 1,000,000 movements, every filter combination the API offers: each subset of
# {budget type, budget subtype, supplier, status, a month's dates} (32) in each order (id, dateOfEmission
# desc, documentNumber), the first page and a deep page reached with `after` (a cursor at 90 % of the
# matching rows, built from the row there), through the portal. Reference in the same run: the page's
# own SQL timed by PostgreSQL (EXPLAIN ANALYZE), so what the service adds is visible beside it.
# Usage: BUDGETHUB_RUN=/work/main/.run/<you> bench/budget/list_pages.sh [build/<dir>/src/budgethub]
#   REQUESTS (default 300) requests per case, sequential on one kept-alive connection, after WARM_UP (3) not
#   counted; p99 is the nearest rank (of 300: the 297th), the slowest is printed beside it. ONLY (e.g.
#   type+supplier,none) runs those filter combinations alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${1:-$root/build/release/src/budgethub}
source "$root/bench/lib/system.sh"
bench_start_system "$binary" "l$(date +%s)"
bench_sign_up_admin
echo "== generating 1,000,000 movements (bench/budget/generate_1m_spread.sql)"
psql -q "$db_url" ${SKIP_SECOND_VACUUM:+-v skip_second_vacuum=1} -f "$here/generate_1m_spread.sql"
REQUESTS=${REQUESTS:-300} "$python" "$here/list_pages.py" "$portal" "$db_url"
