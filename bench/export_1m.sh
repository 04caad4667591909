#!/usr/bin/env bash
# Export of 1,000,000 movements (goals: <= 10 s, <= 64 MiB peak RSS above idle), at deflate level 1
# (the default, budget.export_compression) and 6 (zlib's default) in turn, 3 rounds. Builds
# bh_export_bench in a Release tree and runs it against the stack's PostgreSQL.
#
#   BUDGETHUB_RUN=/work/main/.run/<you> bench/export_1m.sh [rows] [batch_rows] [levels, e.g. 1,6] [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BH_BENCH_BUILD:-$root/build/bench-export}
run_dir=${BUDGETHUB_RUN:-$root/.run}
set -a; . "$run_dir/endpoints.env"; set +a
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=g++-12 -DCMAKE_BUILD_TYPE=Release \
      -DBH_WERROR=ON -DBH_BUILD_TESTS=OFF -DBH_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target bh_export_bench -j2 >/dev/null
"$build/bench/bh_export_bench" "${1:-1000000}" "${2:-2000}" "${3:-1,6}" "${4:-3}"
