#!/usr/bin/env bash
# Headless Chromium for the browser test (DashboardIT) and the README's screenshot: Debian's packages
# chromium and chromium-driver (the two always come in matching versions).
#
#   scripts/chromium.sh ensure
#       prints CHROMIUM=<path> and CHROMEDRIVER=<path>: $CHROMIUM and $CHROMEDRIVER if set, else the
#       installed ones, else it installs both with apt-get (as root, or through sudo without a password).
#   scripts/chromium.sh screenshot URL OUT.png [WIDTH HEIGHT]
#       saves what headless Chromium shows at URL, after giving its scripts WAIT_MS (default 8000) to load.
set -euo pipefail

die() {
  echo "chromium.sh: $*" >&2
  exit 1
}

find_chromium() {
  if [ -n "${CHROMIUM:-}" ]; then echo "$CHROMIUM"; return; fi
  command -v chromium || command -v chromium-browser || true
}

find_chromedriver() {
  if [ -n "${CHROMEDRIVER:-}" ]; then echo "$CHROMEDRIVER"; return; fi
  command -v chromedriver || true
}

install_packages() {
  command -v apt-get >/dev/null || die "chromium and chromedriver are missing and there is no apt-get to install them; set CHROMIUM and CHROMEDRIVER"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || die "chromium and chromedriver are missing; install them as root: apt-get install chromium chromium-driver"
    sudo=(sudo -n)
  fi
  echo "chromium.sh: installing chromium and chromium-driver with apt-get (once)..." >&2
  # A fresh machine has no package lists yet; an old list may name versions the mirror no longer has.
  "${sudo[@]}" apt-get update -q >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver >&2 \
    || die "apt-get install chromium chromium-driver failed"
}

ensure() {
  local chromium chromedriver
  chromium=$(find_chromium)
  chromedriver=$(find_chromedriver)
  if [ -z "$chromium" ] || [ -z "$chromedriver" ]; then
    install_packages
    chromium=$(find_chromium)
    chromedriver=$(find_chromedriver)
  fi
  [ -x "$chromium" ] || die "no chromium executable found (tried \$CHROMIUM, chromium, chromium-browser)"
  [ -x "$chromedriver" ] || die "no chromedriver executable found (tried \$CHROMEDRIVER, chromedriver)"
  echo "CHROMIUM=$chromium"
  echo "CHROMEDRIVER=$chromedriver"
}

screenshot() {
  [ $# -ge 2 ] || die "usage: scripts/chromium.sh screenshot URL OUT.png [WIDTH HEIGHT]"
  local url=$1 out=$2 width=${3:-1280} height=${4:-1100} chromium profile
  eval "$(ensure)"
  chromium=$CHROMIUM
  profile=$(mktemp -d)
  # --no-sandbox: root (as in CI) cannot use Chromium's sandbox. The page's fetches are real network
  # requests, so plain waiting (not virtual time) lets them finish.
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$profile" --lang=en-US --window-size="$width,$height" \
    --run-all-compositor-stages-before-draw --virtual-time-budget="${WAIT_MS:-8000}" \
    --screenshot="$out" "$url" >/dev/null 2>&1 || { rm -rf "$profile"; die "chromium could not take the screenshot of $url"; }
  rm -rf "$profile"
  [ -s "$out" ] || die "no screenshot was written to $out"
  echo "$out"
}

case "${1:-}" in
  ensure) ensure ;;
  screenshot) shift; screenshot "$@" ;;
  *) die "usage: scripts/chromium.sh ensure | screenshot URL OUT.png [WIDTH HEIGHT]" ;;
esac
