#!/usr/bin/env bash
# Sign-in latency of the auth service (argon2id at libsodium's INTERACTIVE limits: opslimit 2,
# memlimit 64 MiB, on auth.hash_threads workers). Starts its own `budgethub serve --target auth`
# against the stack in .run/<dir>/endpoints.env with the rate limits lifted, registers one user,
# then drives POST /api/v1/auth/sign-in with wrk.
#   BH_BINARY=build/release/src/budgethub BUDGETHUB_RUN=.run/lead bench/auth_signin.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BH_BINARY:-build/release/src/budgethub}
RUN=${BUDGETHUB_RUN:-.run/stack}
CONNECTIONS=${1:-4}
SECONDS_=${2:-15}
set -a; . "$RUN/endpoints.env"; set +a
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TAG=bench$RANDOM
export BUDGETHUB_AUTH_PORT=$PORT BUDGETHUB_POSTGRES_DATABASE_PREFIX="bh_${TAG}_" BUDGETHUB_KAFKA_TOPIC_PREFIX="$TAG." \
    BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_EMAIL=1000000 BUDGETHUB_AUTH_SIGN_IN_LIMIT_PER_ADDRESS=1000000 \
    BUDGETHUB_LOG_LEVEL=warn
"$BIN" serve --target auth > "/tmp/$TAG.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null && break; sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/user-credentials/register" -H 'Content-Type: application/json' \
    -d '{"firstName":"Bench","lastName":"User","nif":"900000001","email":"bench@budgethub.test",
         "password":"Correct-Horse-9","dateOfBirth":"1990-05-17","nationality":"Portuguese",
         "gender":"Female","phoneNumber":"+351900000001"}' > /dev/null
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@budgethub.test","password":"Correct-Horse-9"}'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests %d, non-2xx %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.1f req/s\n",
    summary.requests, non2xx, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
LUA
echo "argon2id interactive (t=2, m=64 MiB), auth.hash_threads=${BUDGETHUB_AUTH_HASH_THREADS:-2}, $CONNECTIONS connections, ${SECONDS_}s"
THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))
wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_}s" -s "$LUA" "http://127.0.0.1:$PORT/api/v1/auth/sign-in" | tail -1; echo
rm -f "$LUA"
