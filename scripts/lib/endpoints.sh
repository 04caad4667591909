# shellcheck shell=bash
# Loads the endpoints of the running stack ($BH_RUN/endpoints.env, written by `scripts/stack up`) into
# the environment, exported, so that test binaries started afterwards see PG_URL, KAFKA_BROKERS, ...
#   source scripts/lib/endpoints.sh && bh_load_endpoints
# The file holds plain KEY=VALUE lines (no `export`), so plain `source` alone would not export them.
# shellcheck source=scripts/lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

bh_load_endpoints() {
  local file="$BH_RUN/endpoints.env"
  if [ ! -f "$file" ]; then
    echo "no $file: start the stack first (scripts/stack up)" >&2
    return 1
  fi
  local had_allexport=0
  case $- in *a*) had_allexport=1 ;; esac
  set -a
  # shellcheck disable=SC1090
  source "$file"
  [ $had_allexport = 1 ] || set +a
}
