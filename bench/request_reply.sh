#!/usr/bin/env bash
# Two ways to carry a command between services, same run, same concurrency (docs/performance.md,
# "Payments"): a Kafka request/reply round trip (bus::RequestReply and a responder, what payment uses
# to reserve funds on budget and what the seed used from the portal) against an HTTP round trip to
# the bare Beast server (bench/hello_server.cpp). Loopback only; each step stops by itself.
#   bench/request_reply.sh                 requests=20000 concurrency=16
#   RR_REQUESTS=5000 RR_CONCURRENCY=4 bench/request_reply.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
requests=${RR_REQUESTS:-20000}
concurrency=${RR_CONCURRENCY:-16}
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
bh_build release bh_request_reply_bench bh_hello_server >/dev/null
bin="$here/build/release/bench"
export BUDGETHUB_RUN="$here/.run/bench-rr-$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/stack down >/dev/null 2>&1 || true
  rm -rf "$BUDGETHUB_RUN"
}
trap cleanup EXIT
scripts/stack up --only kafka >/dev/null
set -a; source "$BUDGETHUB_RUN/endpoints.env"; set +a

echo "## Command transport ($(nproc) cores, concurrency $concurrency; $(date -u +%Y-%m-%d))"
echo
for linger in 5 0; do
  "$bin/bh_request_reply_bench" "$KAFKA_BROKERS" "$requests" "$concurrency" "$linger"
done
port=$( "$BH_VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/bh_hello_server" "$port" 2 >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -fsS -m 1 "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.05; done
http=$(wrk -t2 -c"$concurrency" -d10s --latency "http://127.0.0.1:$port/")
printf 'http round trip (bare Beast server, wrk -c%s): %s/s p50 %s p99 %s\n' "$concurrency" \
  "$(awk '/Requests\/sec/ {print $2}' <<<"$http")" "$(awk '$1 == "50%" {print $2}' <<<"$http")" \
  "$(awk '$1 == "99%" {print $2}' <<<"$http")"
