# Sourced by the benchmarks that need the whole system: `budgethub serve --target all` of their own on
# fresh databases and topics (free ports, a unique prefix) over the stack of $BUDGETHUB_RUN, and its first
# user (ADMIN). Stops the system on exit.
#   source bench/lib/system.sh
#   bench_start_system <binary> <tag>      -> $portal, $db_url (the budget database), $bench_log
#   bench_sign_up_admin                    -> exports TOKEN, REFRESH
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
python=${PYTHON:-$HOME/.cache/budgethub/venv/bin/python}
set -a; . "${BUDGETHUB_RUN:-$bench_root/.run/stack}/endpoints.env"; set +a

bench_free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_start_system() {
    local binary=$1 tag=$2
    export BUDGETHUB_PORTAL_PORT=$(bench_free_port) BUDGETHUB_AUTH_PORT=$(bench_free_port)
    export BUDGETHUB_BUDGET_PORT=$(bench_free_port) BUDGETHUB_PAYMENT_PORT=$(bench_free_port)
    export BUDGETHUB_NOTIFICATION_PORT=$(bench_free_port)
    export BUDGETHUB_POSTGRES_DATABASE_PREFIX="bh_bench_${tag}_" BUDGETHUB_KAFKA_TOPIC_PREFIX="budgethub.bench${tag}."
    export BUDGETHUB_LOG_LEVEL=${BUDGETHUB_LOG_LEVEL:-warn}
    bench_log=$(mktemp "/tmp/bench-$tag.XXXXXX.log")
    "$binary" serve --target all >"$bench_log" 2>&1 &
    bench_pid=$!
    trap 'kill $bench_pid 2>/dev/null; wait $bench_pid 2>/dev/null || true' EXIT
    portal=http://127.0.0.1:$BUDGETHUB_PORTAL_PORT
    db_url="${PG_URL%/*}/${BUDGETHUB_POSTGRES_DATABASE_PREFIX}budget"
    for _ in $(seq 1 300); do curl -sf "$portal/readyz" >/dev/null && return 0; sleep 0.2; done
    echo "system not ready; log: $bench_log" >&2
    return 1
}

# The first registration on fresh databases is the ADMIN.
bench_sign_up_admin() {
    eval "$("$python" - "$portal" <<'PY'
import sys, uuid, requests
portal = sys.argv[1]
tag = uuid.uuid4().int
body = {"firstName": "Bench", "lastName": "User", "nif": str(100_000_000 + tag % 899_999_999),
        "email": f"bench{tag % 10**12}@budgethub.test", "password": "Correct-Horse-9", "dateOfBirth": "1990-05-17",
        "nationality": "Portuguese", "gender": "Female", "phoneNumber": "+3519" + str(10_000_000 + tag % 89_999_999)}
requests.post(f"{portal}/api/v1/user-credentials/register", json=body, timeout=10).raise_for_status()
r = requests.post(f"{portal}/api/v1/auth/sign-in", json={"email": body["email"], "password": body["password"]}, timeout=10)
r.raise_for_status()
print(f"export TOKEN={r.json()['token']} REFRESH={r.json()['refreshToken']}")
PY
)"
}
