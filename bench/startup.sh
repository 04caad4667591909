#!/usr/bin/env bash
# Start to ready: `budgethub serve --target all`, already built, its databases already migrated (a
# restart, as `make run` does after the first time), from exec until each of the five services answers
# /readyz 200 (its database, Redis and Kafka checked); ROUNDS (default 7) starts, each stopped with SIGTERM
# before the next; median and worst. Reference in the same run: the same loop on `budgethub --help`
# (exec and process exit, nothing started), so what the services themselves take is visible.
#   bench/startup.sh                        release build
#   BH_BINARY=build/dev/src/budgethub ROUNDS=11 bench/startup.sh
# Starts its own stack (scripts/stack) and stops it at exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/paths.sh
source scripts/lib/build.sh
if [ -z "${BH_BINARY:-}" ]; then
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
  bh_build release budgethub >/dev/null
  BH_BINARY="$here/build/release/src/budgethub"
fi
export BUDGETHUB_RUN="$here/.run/bench-startup-$$"
trap 'scripts/stack down >/dev/null 2>&1 || true' EXIT
scripts/stack up >/dev/null
set -a; source "$BUDGETHUB_RUN/endpoints.env"; set +a
ROUNDS=${ROUNDS:-7} "$BH_VENV/bin/python" - "$BH_BINARY" <<'PY'
import http.client, os, signal, statistics, subprocess, sys, time
binary = sys.argv[1]
ports = [int(os.environ[f"{s}_PORT"]) for s in ("PORTAL", "AUTH", "BUDGET", "PAYMENT", "NOTIFICATION")]

def ready(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
        c.request("GET", "/readyz")
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        return False

def start_once():
    start = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--target", "all"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    waiting = set(ports)
    while waiting:
        waiting = {port for port in waiting if not ready(port)}
        if time.perf_counter() - start > 30:
            raise SystemExit("not ready in 30 s")
        if waiting:
            time.sleep(0.005)
    took = time.perf_counter() - start
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=30)
    return took * 1000

start_once()  # the first start migrates the databases and creates the topics: not counted
runs = sorted(start_once() for _ in range(int(os.environ["ROUNDS"])))
ref = []
for _ in range(len(runs)):
    t = time.perf_counter(); subprocess.run([binary, "--help"], capture_output=True, check=True)
    ref.append((time.perf_counter() - t) * 1000)
print(f"start to ready, five services: median {statistics.median(runs):.0f} ms, worst {runs[-1]:.0f} ms "
      f"({len(runs)} starts: {', '.join(f'{r:.0f}' for r in runs)}); "
      f"exec of `--help` (reference): median {statistics.median(ref):.1f} ms")
PY
