#!/usr/bin/env bash
# Smoke test of the local stack: with `scripts/stack up` done, checks that every server really
# answers through the endpoints in $BH_RUN/endpoints.env (a real round trip, not just an open port).
#   tests/stack/smoke.sh               all seven services
#   tests/stack/smoke.sh pg redis      only these (names as in scripts/stack: pg redis kafka stripe localstripe s3 mail)
# A missing endpoint is a failure, never a skip. Ends with "N passed, N failed"; exit 0 iff none failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib/endpoints.sh
source "$here/scripts/lib/endpoints.sh"
bh_load_endpoints

# Names unique to this run, so two smoke runs against one stack never see each other's data.
run_id="smoke-$$-$RANDOM"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need() {
  local var
  for var in "$@"; do
    [ -n "${!var:-}" ] || {
      echo "$var is not set in $BH_RUN/endpoints.env (was this service started?)"
      return 1
    }
  done
}

check_pg() {
  need PG_URL || return 1
  local got
  got="$(PGCONNECT_TIMEOUT=5 psql "$PG_URL" -XAtc 'select 1')"
  [ "$got" = 1 ] || { echo "select 1 returned '$got'"; return 1; }
}

check_redis() {
  need REDIS_URL || return 1
  local got
  got="$(timeout 5 redis-cli -u "$REDIS_URL" ping)"
  [ "$got" = PONG ] || { echo "PING answered '$got'"; return 1; }
  timeout 5 redis-cli -u "$REDIS_URL" set "$run_id" ok EX 60 >/dev/null
  got="$(timeout 5 redis-cli -u "$REDIS_URL" get "$run_id")"
  [ "$got" = ok ] || { echo "GET after SET answered '$got'"; return 1; }
}

# Produce one message, then consume it back in a consumer group: exercises topic auto-creation and the
# group coordinator (__consumer_offsets), which is what the services use.
check_kafka() {
  need KAFKA_BROKERS || return 1
  command -v kcat >/dev/null || { echo "kcat is not installed (scripts/bootstrap installs it)"; return 1; }
  local topic="budgethub.$run_id" got
  echo "hello $run_id" | timeout 20 kcat -P -b "$KAFKA_BROKERS" -t "$topic" -k key
  got="$(timeout 30 kcat -G "$run_id" -b "$KAFKA_BROKERS" -o beginning -c 1 -e -q "$topic")"
  [ "$got" = "hello $run_id" ] || { echo "consumed '$got' from $topic"; return 1; }
}

check_stripe() {
  need STRIPE_API STRIPE_SECRET_KEY || return 1
  curl -fsS -m 5 -H "Authorization: Bearer $STRIPE_SECRET_KEY" "$STRIPE_API/v1/charges" >"$work/charges.json"
  grep -q '"object": *"list"' "$work/charges.json" || { echo "GET /v1/charges: $(head -c 200 "$work/charges.json")"; return 1; }
}

# localstripe keeps state: an intent created, confirmed with a test card, then read back succeeded.
check_localstripe() {
  need LOCALSTRIPE_API LOCALSTRIPE_SECRET_KEY || return 1
  local intent
  curl -fsS -m 5 -u "$LOCALSTRIPE_SECRET_KEY:" "$LOCALSTRIPE_API/v1/payment_intents" \
    -d amount=1234 -d currency=eur -d 'payment_method_types[]=card' -d payment_method=pm_card_visa \
    >"$work/intent.json"
  intent="$(sed -n 's/.*"id": *"\(pi_[^"]*\)".*/\1/p' "$work/intent.json" | head -1)"
  [ -n "$intent" ] || { echo "POST /v1/payment_intents: $(head -c 200 "$work/intent.json")"; return 1; }
  curl -fsS -m 5 -u "$LOCALSTRIPE_SECRET_KEY:" -X POST "$LOCALSTRIPE_API/v1/payment_intents/$intent/confirm" >/dev/null
  curl -fsS -m 5 -u "$LOCALSTRIPE_SECRET_KEY:" "$LOCALSTRIPE_API/v1/payment_intents/$intent" >"$work/intent.json"
  grep -q '"status": *"succeeded"' "$work/intent.json" || { echo "after confirm: $(head -c 300 "$work/intent.json")"; return 1; }
}

# curl's SigV4 leaves out x-amz-content-sha256, which S3 servers require: send it ourselves.
s3() {
  curl -fsS -m 5 --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:${secret:-$S3_SECRET_KEY}" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@"
}

check_s3() {
  need S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_REGION || return 1
  local bucket="$run_id" got
  s3 "$S3_ENDPOINT/" | grep -q ListAllMyBucketsResult || { echo "signed ListBuckets failed"; return 1; }
  if secret=wrong s3 -o /dev/null "$S3_ENDPOINT/" 2>/dev/null; then
    echo "ListBuckets with a wrong secret was accepted"
    return 1
  fi
  echo "object of $run_id" >"$work/object.txt"
  s3 -X PUT "$S3_ENDPOINT/$bucket"
  s3 -T "$work/object.txt" "$S3_ENDPOINT/$bucket/smoke/object.txt"
  got="$(s3 "$S3_ENDPOINT/$bucket/smoke/object.txt")"
  s3 -X DELETE "$S3_ENDPOINT/$bucket/smoke/object.txt"
  s3 -X DELETE "$S3_ENDPOINT/$bucket"
  [ "$got" = "object of $run_id" ] || { echo "GET object returned '$got'"; return 1; }
}

# Send a mail over SMTP (with AUTH, which Mailpit accepts with any credentials), then find it by its
# unique subject through the API.
check_mail() {
  need SMTP_URL MAILPIT_API || return 1
  printf 'From: smoke@budgethub.test\r\nTo: user@budgethub.test\r\nSubject: %s\r\n\r\nHello from the smoke test.\r\n' \
    "$run_id" >"$work/mail.eml"
  curl -fsS -m 10 --user smoke:any --mail-from smoke@budgethub.test --mail-rcpt user@budgethub.test \
    -T "$work/mail.eml" "$SMTP_URL"
  local _
  for _ in $(seq 20); do
    curl -fsS -m 5 "$MAILPIT_API/api/v1/messages?limit=200" | grep -q "\"Subject\":\"$run_id\"" && return 0
    sleep 0.1
  done
  echo "the mail sent over SMTP is not listed by GET /api/v1/messages"
  return 1
}

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(pg redis kafka stripe localstripe s3 mail)
passed=0
failed=0
for svc in "${services[@]}"; do
  declare -F "check_$svc" >/dev/null || { echo "unknown service $svc"; exit 2; }
  started=$EPOCHREALTIME
  # In a background subshell, not in `if`: bash ignores `set -e` inside an if condition, and every
  # command of a check must count.
  ("check_$svc") >"$work/$svc.out" 2>&1 &
  if wait $!; then
    printf 'ok    %-11s (%s s)\n' "$svc" "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')"
    passed=$((passed + 1))
  else
    printf 'FAIL  %-11s %s\n' "$svc" "$(tail -n 5 "$work/$svc.out" | sed '2,$s/^/              /')"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
