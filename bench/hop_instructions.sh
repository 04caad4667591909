#!/usr/bin/env bash
# Instructions per request, counted by callgrind: what one authenticated GET costs a portal that forwards
# over loopback HTTP (`serve --target portal`) and the budget service answering it straight (`serve
# --target budget`), in user space. Unlike requests/s or CPU time, the count does not move with the
# neighbours of a shared machine, so two builds compare exactly; the kernel's share (loopback TCP,
# wake-ups) is not in it. Each measured process runs under valgrind beside an ordinary all-in-one
# process (auth, budget) on its own stack; wrk warms it up, callgrind's counters are zeroed, wrk drives
# it for HOP_SECONDS, the counters are dumped and divided by the requests wrk completed, less what the
# process counted over as long a time without requests (timers, Kafka polling), measured just before.
#   bench/hop_instructions.sh                                   the release build
#   BH_BINARY=<binary> BH_BASELINE=<older binary> bench/hop_instructions.sh   both, same stack
#   BENCH_PATH=/api/v1/movement/all?size=20 HOP_SECONDS=20 HOP_CONNECTIONS=4
# Starts its own stack (scripts/stack) and stops everything at exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
path=${BENCH_PATH:-/api/v1/budget/type/all}
seconds=${HOP_SECONDS:-20}
connections=${HOP_CONNECTIONS:-4}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
if [ -z "${BH_BINARY:-}" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release budgethub >/dev/null
  BH_BINARY="$here/build/release/src/budgethub"
fi

source bench/lib/private_stack.sh
bench_cleanup_extra() { rm -f "$BUDGETHUB_RUN"/callgrind.* 2>/dev/null || true; }
bench_private_stack hop
quiet=(BUDGETHUB_RUNTIME_THREADS=2 BUDGETHUB_HTTP_ACCESS_LOG=false BUDGETHUB_LOG_LEVEL=warn)
env "${quiet[@]}" "$BH_BINARY" serve --target all >"$BUDGETHUB_RUN/all.log" 2>&1 & pids+=($!)
bench_wait_http "$PORTAL_URL/readyz"
# The first user registered is ADMIN: every route admits it. Signed in afresh for each measurement.
curl -fsS -X POST "$PORTAL_URL/api/v1/user-credentials/register" -H 'Content-Type: application/json' -d '{
  "firstName":"Bench","lastName":"Mark","nif":"123456789","email":"bench@budgethub.test","password":"Correct-Horse-9",
  "dateOfBirth":"1990-05-17","nationality":"Portuguese","gender":"Female","phoneNumber":"+351912345678"}' >/dev/null
token() {
  curl -fsS -X POST "$PORTAL_URL/api/v1/auth/sign-in" -H 'Content-Type: application/json' \
    -d '{"email":"bench@budgethub.test","password":"Correct-Horse-9"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# measure BINARY TARGET: prints "<requests> <instructions>" for one process of TARGET under callgrind.
measure() {
  local binary=$1 target=$2 port out requests ir
  port=$(bench_port)
  local port_var="BUDGETHUB_${target^^}_PORT"
  env "${quiet[@]}" "$port_var=$port" valgrind --tool=callgrind \
    --callgrind-out-file="$BUDGETHUB_RUN/callgrind.$target.%p" "$binary" serve --target "$target" \
    >"$BUDGETHUB_RUN/valgrind-$target.log" 2>&1 &
  local vp=$!
  bench_wait_http "http://127.0.0.1:$port/readyz" 180  # under valgrind
  local bearer url="http://127.0.0.1:$port$path"
  bearer=$(token)
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $bearer" "$url")
  [ "$code" = 200 ] || { echo "GET $url answered $code (expected 200)" >&2; kill "$vp"; return 1; }
  wrk -t1 -c"$connections" -d5s -H "Authorization: Bearer $bearer" "$url" >/dev/null  # warm-up
  # What the process does with no request (timers, Kafka polling, relays), per second: subtracted below.
  callgrind_control -z "$vp" >/dev/null 2>&1
  local idle_started idle_seconds
  idle_started=$(date +%s.%N)
  sleep 5
  callgrind_control -d "$vp" >/dev/null 2>&1
  idle_seconds=$(python3 -c "import time; print(time.time() - $idle_started)")
  callgrind_control -z "$vp" >/dev/null 2>&1
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $bearer" "$url")
  callgrind_control -d "$vp" >/dev/null 2>&1
  kill "$vp"; wait "$vp" 2>/dev/null || true
  if grep -q 'Non-2xx' <<<"$out"; then echo "non-2xx answers while measuring $target" >&2; return 1; fi
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
  local idle busy
  idle=$(total "$BUDGETHUB_RUN/callgrind.$target.$vp.1")
  busy=$(total "$BUDGETHUB_RUN/callgrind.$target.$vp.2")
  echo "$requests $busy $(python3 -c "print(round($idle / $idle_seconds * $seconds))")"
}

binaries=("$BH_BINARY")
[ -n "${BH_BASELINE:-}" ] && binaries=("$BH_BASELINE" "$BH_BINARY")
echo "## Instructions per request (callgrind, user space): GET $path, wrk -t1 -c$connections -d${seconds}s"
echo
echo "| binary | process | requests counted | instructions per request | of which idle work (the same seconds without requests) |"
echo "|---|---|---|---|---|"
for binary in "${binaries[@]}"; do
  for target in portal budget; do
    read -r requests busy idle < <(measure "$binary" "$target")
    label="a portal alone, forwarding over loopback HTTP"
    [ "$target" = budget ] && label="the budget service, answering straight"
    echo "| $binary | $label | $requests | **$(python3 -c "print(f'{($busy - $idle) / $requests:,.0f}')")** | $(python3 -c "print(f'{$idle / $requests:,.0f}')") |"
  done
done
