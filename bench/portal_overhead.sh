#!/usr/bin/env bash
# Portal overhead: the same authenticated GET straight to the owning service, through the portal of
# the all-in-one process (it hands the request to the colocated service in-process), and through a
# portal running alone (it forwards over loopback HTTP). Same wrk settings, same run, alternating
# rounds; the medians are compared. Goal (issue 17): the portal keeps >= 90 % of the direct throughput.
# A fourth kind, "as shipped": a second all-in-one process with the configuration `make run` ships (access
# log on, level info, its output in a file) beside the benchmark configuration (access log off, warn):
# what logging costs a user, in the same run (goal: under 10 %).
# A fifth kind, the reference: the bare Beast server (bench/hello_server.cpp, 200 "ok", same threads). A
# portal that forwards over HTTP adds at least one such exchange to each request, so H/(H+D) (H the bare
# server's rate, D the direct rate) is the most a forwarding portal can keep on these cores; printed beside.
# Beside each rate, the CPU time (user + system, /proc/<pid>/stat) the answering process spent per request:
# on a shared machine whose neighbours move the rates from round to round, the steadier measure of what the
# portal's hop costs.
#   bench/portal_overhead.sh                       release build, GET /api/v1/budget/type/all
#   BENCH_PATH=/api/v1/user-credentials/get-user-by-id?id=self BENCH_SERVICE=auth bench/portal_overhead.sh
#   BH_BINARY=build/h-portal/src/budgethub ...     an existing binary instead of the release build
#   WRK_DURATION=10s WRK_CONNECTIONS=32 WRK_THREADS=2 BENCH_ROUNDS=3 BENCH_RUNTIME_THREADS=2
# Starts its own stack (scripts/stack) and `budgethub serve`; stops both at exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}
threads=${WRK_THREADS:-2}
rounds=${BENCH_ROUNDS:-3}
path=${BENCH_PATH:-/api/v1/budget/type/all}
service=${BENCH_SERVICE:-budget}
if [ -z "${BH_BINARY:-}" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release budgethub >/dev/null
  BH_BINARY="$here/build/release/src/budgethub"
fi
hello_server="$(dirname "$BH_BINARY")/../bench/bh_hello_server"
if [ ! -x "$hello_server" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release bh_hello_server >/dev/null
  hello_server="$here/build/release/bench/bh_hello_server"
fi

source bench/lib/private_stack.sh
bench_private_stack portal
BUDGETHUB_RUNTIME_THREADS=${BENCH_RUNTIME_THREADS:-2} BUDGETHUB_HTTP_ACCESS_LOG=false BUDGETHUB_LOG_LEVEL=warn \
  "$BH_BINARY" serve --target all >"$BUDGETHUB_RUN/budgethub.log" 2>&1 & pids+=($!)
bench_wait_http "$PORTAL_URL/readyz"
for port in $AUTH_PORT $BUDGET_PORT; do bench_wait_http "http://127.0.0.1:$port/readyz"; done
# A second portal on its own: nothing to hand requests to in-process, so it forwards over HTTP.
alone_port=$(bench_port)
BUDGETHUB_PORTAL_PORT=$alone_port BUDGETHUB_RUNTIME_THREADS=${BENCH_RUNTIME_THREADS:-2} \
  BUDGETHUB_HTTP_ACCESS_LOG=false BUDGETHUB_LOG_LEVEL=warn \
  "$BH_BINARY" serve --target portal >"$BUDGETHUB_RUN/portal-alone.log" 2>&1 & pids+=($!)
bench_wait_http "http://127.0.0.1:$alone_port/readyz"
# The same all-in-one process as `make run` configures it (scripts/run sets no logging key: the defaults).
shipped_portal=$(bench_port)
BUDGETHUB_PORTAL_PORT=$shipped_portal BUDGETHUB_AUTH_PORT=$(bench_port) BUDGETHUB_BUDGET_PORT=$(bench_port) \
  BUDGETHUB_PAYMENT_PORT=$(bench_port) BUDGETHUB_NOTIFICATION_PORT=$(bench_port) \
  BUDGETHUB_RUNTIME_THREADS=${BENCH_RUNTIME_THREADS:-2} \
  "$BH_BINARY" serve --target all >"$BUDGETHUB_RUN/shipped.log" 2>&1 & pids+=($!)
bench_wait_http "http://127.0.0.1:$shipped_portal/readyz"
hello_port=$(bench_port)
"$hello_server" "$hello_port" "${BENCH_RUNTIME_THREADS:-2}" >/dev/null 2>&1 & pids+=($!)
bench_wait_http "http://127.0.0.1:$hello_port/"

# A signed-in user (the first one registered is ADMIN, so every route admits it).
tokens=$(curl -fsS -X POST "$PORTAL_URL/api/v1/user-credentials/register" -H 'Content-Type: application/json' -d '{
  "firstName":"Bench","lastName":"Mark","nif":"123456789","email":"bench@budgethub.test","password":"Correct-Horse-9",
  "dateOfBirth":"1990-05-17","nationality":"Portuguese","gender":"Female","phoneNumber":"+351912345678"}')
token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$tokens")
user_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("id",""))' <<<"$tokens")
path=${path//id=self/id=$user_id}
service_port_var="${service^^}_PORT"
declare -A url=([direct]="http://127.0.0.1:${!service_port_var}$path" [in-process]="$PORTAL_URL$path"
                [over-http]="http://127.0.0.1:$alone_port$path" [shipped]="http://127.0.0.1:$shipped_portal$path"
                [bare]="http://127.0.0.1:$hello_port/")
kinds=(direct in-process over-http shipped bare)
for kind in "${kinds[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "${url[$kind]}")
  [ "$code" = 200 ] || { echo "GET ${url[$kind]} answered $code (expected 200)" >&2; exit 1; }
  wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $token" "${url[$kind]}" >/dev/null  # warm-up
done

# CPU time (user + system) each process spends per request: steadier than throughput on a shared machine,
# and what a portal of its own costs. The process that answers each kind; over HTTP, the service too.
declare -A front=([direct]=${pids[0]} [in-process]=${pids[0]} [over-http]=${pids[1]} [shipped]=${pids[2]}
                  [bare]=${pids[3]})
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
declare -A rps_of p99_of cpu_of
service_cpu_over_http=""
for round in $(seq 1 "$rounds"); do
  for kind in "${kinds[@]}"; do
    before=$(ticks "${front[$kind]}"); service_before=$(ticks "${pids[0]}")
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "${url[$kind]}")
    after=$(ticks "${front[$kind]}"); service_after=$(ticks "${pids[0]}")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps_of[$kind]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
    p99_of[$kind]+="$(awk '/ 99%/ {print $2}' <<<"$out") "
    cpu_of[$kind]+="$(python3 -c "print(f'{($after - $before) / $hz / $requests * 1e6:.1f}')") "
    if [ "$kind" = over-http ]; then
      service_cpu_over_http+="$(python3 -c "print(f'{($service_after - $service_before) / $hz / $requests * 1e6:.1f}')") "
    fi
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "## Portal overhead: GET $path (wrk -t$threads -c$connections -d$duration, $rounds alternating rounds, $(nproc) cores)"
echo
echo "| path | median requests/s | every round | p99 per round | CPU µs per request of the answering process, median (every round) |"
echo "|---|---|---|---|---|"
declare -A label=([direct]="straight to $service" [in-process]="portal, service in the same process (in-process)"
                  [over-http]="portal alone, forwarding over loopback HTTP"
                  [shipped]="portal in-process, as make run ships it (access log on, info)"
                  [bare]="reference: bare Beast server, 200 \"ok\" (bench/hello_server.cpp)")
for kind in "${kinds[@]}"; do
  echo "| ${label[$kind]} | $(median <<<"${rps_of[$kind]}") | ${rps_of[$kind]% } | ${p99_of[$kind]% } | $(median <<<"${cpu_of[$kind]}") (${cpu_of[$kind]% }) |"
done
d=$(median <<<"${rps_of[direct]}")
for kind in in-process over-http; do
  echo
  echo "${label[$kind]}: **$(python3 -c "print(f'{$(median <<<"${rps_of[$kind]}") / $d * 100:.1f}')") %** of the direct throughput (goal >= 90 %)."
done
echo
echo "CPU per request: the portal alone **$(median <<<"${cpu_of[over-http]}") µs** per request it forwards (the service behind it $(median <<<"$service_cpu_over_http") µs); the service straight $(median <<<"${cpu_of[direct]}") µs; the bare server $(median <<<"${cpu_of[bare]}") µs per request it answers."
h=$(median <<<"${rps_of[bare]}")
echo
echo "ceiling for a portal forwarding over one HTTP hop on these cores, H/(H+D) with the bare server's H: **$(python3 -c "print(f'{$h / ($h + $d) * 100:.1f}')") %**."
echo
echo "as shipped ÷ benchmark configuration (both in-process): **$(python3 -c "print(f'{$(median <<<"${rps_of[shipped]}") / $(median <<<"${rps_of[in-process]}") * 100:.1f}')") %** (logging costs the rest; goal: under 10 %); access lines written: $(grep -c '"access"\|GET ' "$BUDGETHUB_RUN/shipped.log" || true)."
