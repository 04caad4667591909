# Sourced by the benchmarks that start a stack of their own (scripts/stack on free ports, its own
# BUDGETHUB_RUN) and processes beside it; everything stops when the script exits.
#   source bench/lib/private_stack.sh
#   bench_private_stack <name> [scripts/stack up arguments]   -> $BUDGETHUB_RUN, the endpoints exported
#   some_process & pids+=($!)                                 -> killed at exit, before the stack goes down
#   bench_wait_http <url> [seconds]                            -> waits (60 s by default) for a 2xx answer
#   bench_port                                                 -> a free loopback port
# A script that has more to clean up defines bench_cleanup_extra; it runs last.
pids=()
bench_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bench_wait_http() {
  local until=$((SECONDS + ${2:-60}))
  while [ "$SECONDS" -lt "$until" ]; do curl -fsS -m 2 "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "not ready: $1" >&2
  return 1
}
bench_private_stack_down() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/stack down >/dev/null 2>&1 || true
  if declare -F bench_cleanup_extra >/dev/null; then bench_cleanup_extra; fi
}
bench_private_stack() {
  local name=$1; shift
  export BUDGETHUB_RUN="$here/.run/bench-$name-$$"
  trap bench_private_stack_down EXIT
  scripts/stack up "$@" >/dev/null
  set -a; source "$BUDGETHUB_RUN/endpoints.env"; set +a
}
