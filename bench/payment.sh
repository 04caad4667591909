#!/usr/bin/env bash
# Payment overheads, each against its reference in the same run (docs/performance.md, "Payments"):
#   1. create-payment-intent through the portal (reservation on the budget over Kafka request/reply,
#      customer lookup and intent creation at the Stripe double, payment row, history, outbox)
#      against POST /v1/payment_intents straight to the same Stripe double (stripe-mock);
#   2. the same reservation path asked over HTTP vs. over Kafka request/reply is not separable from
#      outside; the request/reply round trip alone is in bench/micro_bench (BM_RequestReply*) when
#      built, so here: create-payment-intent's p50/p99 minus the direct Stripe calls it makes;
#   3. webhook deliveries applied per second (signature check, replay guard, event record, payment
#      lookup; each delivery a distinct signed event) against pgbench running the same SQL.
# Load targets 127.0.0.1 only; every step stops by itself.
#   bench/payment.sh                   release build
#   BH_BINARY=build/main/src/budgethub bench/payment.sh
#   WRK_DURATION=10s WRK_CONNECTIONS=16 WEBHOOK_EVENTS=20000 PERF_OUT=/tmp/payment.perf
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-16}
events=${WEBHOOK_EVENTS:-20000}
if [ -z "${BH_BINARY:-}" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release budgethub >/dev/null
  BH_BINARY="$here/build/release/src/budgethub"
fi
export BUDGETHUB_RUN="$here/.run/bench-payment-$$"
work="$BUDGETHUB_RUN/bench"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/stack down >/dev/null 2>&1 || true
  rm -rf "$BUDGETHUB_RUN"
}
trap cleanup EXIT
scripts/stack up --only pg,redis,kafka,stripe >/dev/null
set -a; source "$BUDGETHUB_RUN/endpoints.env"; set +a
mkdir -p "$work"
secret="whsec_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
wait_http() { for _ in $(seq 1 600); do curl -fsS -m 1 "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }
BUDGETHUB_RUNTIME_THREADS=2 BUDGETHUB_HTTP_ACCESS_LOG=false BUDGETHUB_LOG_LEVEL=warn \
  BUDGETHUB_PAYMENT_STRIPE_API_BASE="$STRIPE_API" BUDGETHUB_PAYMENT_STRIPE_SECRET_KEY=sk_test_123 \
  BUDGETHUB_PAYMENT_WEBHOOK_SECRETS="$secret" BUDGETHUB_PORTAL_RATE_LIMIT=0 \
  "$BH_BINARY" serve --target all >"$BUDGETHUB_RUN/budgethub.log" 2>&1 & pids+=($!)
wait_http "$PORTAL_URL/readyz"
for port in $AUTH_PORT $BUDGET_PORT $PAYMENT_PORT; do wait_http "http://127.0.0.1:$port/readyz"; done

# The first user is ADMIN; a budget large enough for every intent of the run; a supplier.
"$BH_VENV/bin/python" - "$PORTAL_URL" "$work" <<'PY'
import json, sys, requests
portal, work = sys.argv[1], sys.argv[2]
r = requests.post(portal + "/api/v1/user-credentials/register", json={
    "firstName": "Bench", "lastName": "Mark", "nif": "123456789", "email": "bench@budgethub.test",
    "password": "Correct-Horse-9", "dateOfBirth": "1990-05-17", "nationality": "Portuguese",
    "gender": "Female", "phoneNumber": "+351912345678"}, timeout=30)
token = r.json()["token"]
h = {"Authorization": f"Bearer {token}"}
t = requests.post(portal + "/api/v1/budget/type/create", headers=h, timeout=30,
                  json={"name": "Bench", "description": "d", "availableFunds": 9_000_000_000}).json()
s = requests.post(portal + "/api/v1/budget/subtype/create", headers=h, timeout=30,
                  json={"name": "BenchSub", "description": "d", "availableFunds": 8_000_000_000,
                        "budgetTypeId": t["id"]}).json()
p = requests.post(portal + "/api/v1/supplier/create", headers=h, timeout=30,
                  json={"companyName": "Bench Co", "responsibleName": "Ana", "nif": "500000000"}).json()
body = {"currency": "eur", "paymentMethodId": "pm_card_visa", "description": "bench",
        "items": [{"id": "chairs", "amount": 10, "ivaRate": 23, "budgetSubtypeId": s["id"], "supplierId": p["id"]}]}
check = requests.post(portal + "/api/v1/payment/create-payment-intent", headers=h, json=body, timeout=30)
assert check.status_code == 200, check.text
open(f"{work}/token", "w").write(token)
open(f"{work}/intent.json", "w").write(json.dumps(body))
PY
token=$(cat "$work/token")
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$work/intent.json"):read("*a")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
cat >"$work/stripe.lua" <<LUA
wrk.method = "POST"
wrk.body = "amount=1230&currency=eur&customer=cus_bench&payment_method=pm_card_visa&metadata[payment_id]=bench"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Bearer sk_test_123"
wrk.headers["Idempotency-Key"] = "bench"
LUA
rps() { awk '/Requests\/sec/ {print $2}'; }
lat() { awk -v q="$1" '$1 == q {print $2}'; }
wrk -t2 -c"$connections" -d2s -s "$work/stripe.lua" "$STRIPE_API/v1/payment_intents" >/dev/null
wrk -t2 -c"$connections" -d2s -s "$work/post.lua" "$PORTAL_URL/api/v1/payment/create-payment-intent" >/dev/null
direct=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/stripe.lua" "$STRIPE_API/v1/payment_intents")
# PERF_OUT=file: a perf profile (call graphs) of budgethub during the create-payment-intent run.
if [ -n "${PERF_OUT:-}" ]; then
  perf record -g -F 499 -p "${pids[0]}" -o "$PERF_OUT" -- sleep "${duration%s}" >/dev/null 2>&1 &
  perf_pid=$!
fi
ours=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/post.lua" "$PORTAL_URL/api/v1/payment/create-payment-intent")
[ -z "${PERF_OUT:-}" ] || wait "$perf_pid" || true
non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$ours"); non2xx=${non2xx:-0}

# Webhooks: distinct events, each signed once, sent once each (a replay would be refused).
"$BH_VENV/bin/python" - "$work" "$secret" "$events" <<'PY'
import hashlib, hmac, json, sys, time
work, secret, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = int(time.time())
with open(f"{work}/events.txt", "w") as out:
    for i in range(n):
        body = json.dumps({"id": f"evt_bench_{i}", "object": "event", "type": "payment_intent.succeeded",
                           "data": {"object": {"id": f"pi_bench_{i}", "status": "succeeded"}}})
        sig = hmac.new(secret.encode(), f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
        out.write(f"t={t},v1={sig}\t{body}\n")
PY
cat >"$work/webhook.lua" <<LUA
local lines = {}
for line in io.lines("$work/events.txt") do lines[#lines + 1] = line end
local next_line = 0
local thread_count = 0
function setup(thread) thread:set("id", thread_count); thread_count = thread_count + 1 end
function init(args) next_line = id end
request = function()
  next_line = next_line + 2
  local line = lines[(next_line % #lines) + 1]
  local tab = line:find("\t")
  return wrk.format("POST", "/api/v1/webhook/stripe",
    {["Content-Type"] = "application/json", ["Stripe-Signature"] = line:sub(1, tab - 1)}, line:sub(tab + 1))
end
LUA
# Enough time for each event once: the run stops before the events repeat.
webhook=$(wrk -t2 -c"$connections" -d5s --latency -s "$work/webhook.lua" "$PORTAL_URL/api/v1/webhook/stripe")
wh_non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$webhook"); wh_non2xx=${wh_non2xx:-0}

# The same SQL a delivery runs, in pgbench against the payment database.
db="budgethub_payment"
cat >"$work/webhook.sql" <<'SQL'
\set n random(1, 1000000000)
BEGIN;
DELETE FROM webhook_signatures WHERE received_at < now() - interval '300 seconds';
INSERT INTO webhook_signatures (signature) VALUES ('t=1,v1=' || :n || '-' || :client_id) ON CONFLICT (signature) DO NOTHING;
SELECT id FROM payments WHERE stripe_intent_id = 'pi_bench_' || :n FOR UPDATE;
INSERT INTO stripe_events (id, type, payment_id, outcome) VALUES ('evt_pg_' || :n || '-' || :client_id, 'payment_intent.succeeded', NULL, 'received') ON CONFLICT (id) DO NOTHING;
UPDATE stripe_events SET outcome = 'unknown-payment' WHERE id = 'evt_pg_' || :n || '-' || :client_id;
COMMIT;
SQL
pg=$(/usr/lib/postgresql/15/bin/pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$connections" -j 2 -T 5 -f "$work/webhook.sql" "$db" 2>&1)
pg_tps=$(awk '/^tps/ {print $3; exit}' <<<"$pg")

echo "## Payments ($(nproc) cores, wrk -t2 -c$connections; $(date -u +%Y-%m-%d))"
echo
echo "| path | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
echo "| POST /v1/payment_intents straight to stripe-mock | $(rps <<<"$direct") | $(lat 50% <<<"$direct") | $(lat 99% <<<"$direct") | 0 |"
echo "| POST /api/v1/payment/create-payment-intent through the portal | $(rps <<<"$ours") | $(lat 50% <<<"$ours") | $(lat 99% <<<"$ours") | $non2xx |"
echo "| POST /api/v1/webhook/stripe through the portal (distinct signed events) | $(rps <<<"$webhook") | $(lat 50% <<<"$webhook") | $(lat 99% <<<"$webhook") | $wh_non2xx |"
echo "| the webhook's SQL in pgbench (same connections) | $pg_tps | | | |"
echo
echo "create-payment-intent makes two Stripe calls (customer lookup, intent) and one Kafka request/reply"
echo "(the budget reservation) besides its own writes."
