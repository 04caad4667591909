# shellcheck shell=bash
# The web app (web/): its npm packages and its production build, each skipped when nothing changed.
#   source scripts/lib/web.sh
#   bh_web_deps    npm ci in web/ unless web/node_modules matches web/package-lock.json (sha256 stamp)
#   bh_web_build   bh_web_deps, then `npm run build` (API client generated from docs/openapi.json, then
#                  ng build) unless web/src, web/tools, the lock, the Angular/TS config and
#                  docs/openapi.json are unchanged since the last build; sets BH_WEB_DIR to the served folder.
# shellcheck source=scripts/lib/paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
BH_WEB="$BH_ROOT/web"
BH_WEB_DIR="$BH_WEB/dist/budgethub-web/browser"

bh_web_deps() {
  command -v npm >/dev/null || { echo "npm is required for the web app (scripts/bootstrap installs Node.js)" >&2; return 1; }
  local lock_sum stamp="$BH_WEB/node_modules/.bh-package-lock.sha256"
  lock_sum=$(sha256sum "$BH_WEB/package-lock.json" | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$lock_sum" ] && return 0
  echo "[web] npm ci (web/package-lock.json changed or web/node_modules missing)"
  (cd "$BH_WEB" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
}

# sha256 over everything the build reads (the generated src/app/api/schema.ts excluded: it is derived).
bh_web_sources_sum() {
  (
    cd "$BH_ROOT"
    {
      find web/src web/tools -type f ! -path 'web/src/app/api/schema.ts' -print0 | sort -z | xargs -0 sha256sum
      sha256sum web/package-lock.json web/package.json web/angular.json web/tsconfig.json web/tsconfig.app.json docs/openapi.json
    } | sha256sum | cut -d' ' -f1
  )
}

bh_web_build() {
  bh_web_deps
  local sum stamp="$BH_WEB/dist/.bh-sources.sha256"
  sum=$(bh_web_sources_sum)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && [ -f "$BH_WEB_DIR/index.html" ]; then
    echo "[web] up to date: $BH_WEB_DIR"
    return 0
  fi
  echo "[web] building (production) into $BH_WEB_DIR"
  rm -rf "$BH_WEB/dist"
  (cd "$BH_WEB" && NG_CLI_ANALYTICS=false npm run --silent build)
  echo "$sum" >"$stamp"
}
