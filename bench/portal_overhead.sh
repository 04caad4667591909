#!/usr/bin/env bash
# Portal overhead: the same authenticated GET through the portal and straight to the owning
# service, same wrk settings, same run. The portal must keep >= 85 % of the direct throughput.
#   bench/portal_overhead.sh                       release build, GET /api/v1/budget/type/all
#   BENCH_PATH=/api/v1/user-credentials/get-user-by-id?id=self BENCH_SERVICE=auth bench/portal_overhead.sh
#   BH_BINARY=build/h-portal/src/budgethub ...     an existing binary instead of the release build
#   WRK_DURATION=10s WRK_CONNECTIONS=32 WRK_THREADS=2 BENCH_RUNTIME_THREADS=2
# Starts its own stack (scripts/stack) and `budgethub serve --target all`; stops both at exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}
threads=${WRK_THREADS:-2}
path=${BENCH_PATH:-/api/v1/budget/type/all}
service=${BENCH_SERVICE:-budget}
if [ -z "${BH_BINARY:-}" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release budgethub >/dev/null
  BH_BINARY="$here/build/release/src/budgethub"
fi

export BUDGETHUB_RUN="$here/.run/bench-portal-$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/stack down >/dev/null 2>&1 || true
}
trap cleanup EXIT
scripts/stack up >/dev/null
set -a; source "$BUDGETHUB_RUN/endpoints.env"; set +a
wait_http() { for _ in $(seq 1 600); do curl -fsS -m 1 "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }
BUDGETHUB_RUNTIME_THREADS=${BENCH_RUNTIME_THREADS:-2} BUDGETHUB_HTTP_ACCESS_LOG=false BUDGETHUB_LOG_LEVEL=warn \
  "$BH_BINARY" serve --target all >"$BUDGETHUB_RUN/budgethub.log" 2>&1 & pids+=($!)
wait_http "$PORTAL_URL/readyz"
for port in $AUTH_PORT $BUDGET_PORT; do wait_http "http://127.0.0.1:$port/readyz"; done

# A signed-in user (the first one registered is ADMIN, so every route admits it).
tokens=$(curl -fsS -X POST "$PORTAL_URL/api/v1/user-credentials/register" -H 'Content-Type: application/json' -d '{
  "firstName":"Bench","lastName":"Mark","nif":"123456789","email":"bench@budgethub.test","password":"Correct-Horse-9",
  "dateOfBirth":"1990-05-17","nationality":"Portuguese","gender":"Female","phoneNumber":"+351912345678"}')
token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$tokens")
user_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("id",""))' <<<"$tokens")
path=${path//id=self/id=$user_id}
service_port_var="${service^^}_PORT"
direct="http://127.0.0.1:${!service_port_var}$path"
portal="$PORTAL_URL$path"
for url in "$direct" "$portal"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [ "$code" = 200 ] || { echo "GET $url answered $code (expected 200)" >&2; exit 1; }
done

wrk_run() { wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "$1"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $token" "$direct" >/dev/null  # warm-up
wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $token" "$portal" >/dev/null
d=$(wrk_run "$direct"); p=$(wrk_run "$portal")
d_rps=$(rps <<<"$d"); p_rps=$(rps <<<"$p")
ratio=$(python3 -c "print(f'{$p_rps / $d_rps * 100:.1f}')")
echo "## Portal overhead: GET $path (wrk -t$threads -c$connections -d$duration, same run, $(nproc) cores)"
echo
echo "| path | requests/s | p99 |"
echo "|---|---|---|"
echo "| straight to $service | $d_rps | $(p99 <<<"$d") |"
echo "| through the portal | $p_rps | $(p99 <<<"$p") |"
echo
echo "Portal: **$ratio %** of the direct throughput (target >= 85 %)."
