#!/usr/bin/env bash
# Provides a real InfluxDB OSS 2.x (or 1.8) server for tests, the demo and benchmarks.
#
#   scripts/influxdb.sh ensure                 print the path of an influxd >= 2.7 (builds one if needed)
#   scripts/influxdb.sh start [options]        start a fresh, onboarded server; print eval-able lines
#   scripts/influxdb.sh restart --data-dir D   start again a server of D whose process ended (same port,
#                                              same data, no onboarding); print its INFLUXDB_PID
#   scripts/influxdb.sh stop  [--data-dir D]   stop it and remove its data directory
#
# start options:
#   --version V     2 (default) or 1.8: InfluxDB 1.8.10 with Flux enabled and auth on, as the Home Assistant
#                   OS add-on runs it. Prints the same lines; the bucket is database/retention-policy and
#                   the token user:password (what 1.8's v2 compatibility API takes)
#   --port N        loopback port (default: a free one)
#   --data-dir D    data directory (default: a new temporary one); removed by `stop`
#   --watch-pid P   stop the server and remove its data when process P ends (e.g. a test JVM
#                   that was killed before it could stop the server itself); the server's own process may
#                   end and be restarted meanwhile (a test of an outage)
#
# Environment:
#   INFLUXD            use this influxd binary, skip the lookup and the build
#   INFLUXDB_VERSION   the 2.x tag to build (default below), pinned so that CI never rebuilds by
#                      surprise. v2.8.0 is the newest tag whose whole dependency set the Go module
#                      proxy serves here: v2.10.0 needs flux v0.201.0, which the proxy refuses (403).
#   XDG_CACHE_HOME     the build cache lives in ${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator
#
#   INFLUXD18          use this influxd 1.8 binary for --version 1.8
#
# There is no Docker engine and no package ships influxd 2.x here, so we build it from its Go module.
# Each build step below says why it is as it is.
set -euo pipefail

INFLUXDB_VERSION=${INFLUXDB_VERSION:-v2.8.0}
MIN_MAJOR=2 MIN_MINOR=7
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator
BUILD_LOG=$CACHE_DIR/influxd-$INFLUXDB_VERSION-build.log
CACHED_BIN=$CACHE_DIR/influxd-$INFLUXDB_VERSION/influxd

die() { echo "influxdb.sh: $*" >&2; exit 1; }
log() { echo "influxdb.sh: $*" >&2; }

# --- ensure -----------------------------------------------------------------------------------

# True when the binary reports a version >= 2.7 (`influxd version` prints "InfluxDB v2.10.0 (...)").
new_enough() {
  local out major minor
  out=$("$1" version 2>/dev/null) || return 1
  [[ $out =~ v?([0-9]+)\.([0-9]+) ]] || return 1
  major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
  (( major == MIN_MAJOR && minor >= MIN_MINOR ))
}

build_step() {  # build_step NAME command...: runs one step, its output appended to the build log
  local name=$1; shift
  log "build step: $name"
  echo "=== step: $name ($(date -u +%FT%TZ))" >>"$BUILD_LOG"
  if ! "$@" >>"$BUILD_LOG" 2>&1; then
    echo "--- last lines of $BUILD_LOG:" >&2
    tail -n 25 "$BUILD_LOG" >&2
    die "building influxd $INFLUXDB_VERSION failed at step '$name'; full log: $BUILD_LOG"
  fi
}

install_build_packages() {
  command -v pkg-config >/dev/null && command -v gcc >/dev/null && return 0
  command -v apt-get >/dev/null || { echo "pkg-config and gcc are needed and apt-get is missing"; return 1; }
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pkg-config gcc libc6-dev
}

fetch_source() {  # the module, copied somewhere writable (its go.mod has a replace line: no `go install`)
  local dir
  dir=$(cd "$CACHE_DIR/gomod" && go mod download -json "github.com/influxdata/influxdb/v2@$INFLUXDB_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "go mod download gave no source directory"; return 1; }
  rm -rf "$SRC_DIR" && cp -r "$dir" "$SRC_DIR" && chmod -R u+w "$SRC_DIR"
}

# Flux's Rust parser is built by influxdata's pkg-config wrapper. The version influxdb's go.mod
# names (v0.3.1) is refused by the Go module proxy; v0.3.0 is served and does the same job.
PKG_CONFIG_WRAPPER_VERSION=v0.3.0
build_pkg_config_wrapper() {
  GOBIN=$CACHE_DIR/bin go install "github.com/influxdata/pkg-config@$PKG_CONFIG_WRAPPER_VERSION"
}

build_influxd() {
  mkdir -p "$(dirname "$CACHED_BIN")"
  (cd "$SRC_DIR" && go build -o "$CACHED_BIN.tmp" \
      -tags sqlite_foreign_keys,sqlite_json,flux_nosqlite \
      -ldflags "-X main.version=$INFLUXDB_VERSION -X main.commit=module-proxy" ./cmd/influxd) \
    && mv "$CACHED_BIN.tmp" "$CACHED_BIN"
}

write_rustc_wrapper() {
  cat >"$CACHE_DIR/bin/rustc-cap-lints" <<'WRAPPER'
#!/usr/bin/env bash
# cargo calls: rustc-cap-lints RUSTC ARGS...; add --cap-lints=warn unless cargo set a cap itself.
rustc=$1; shift
for arg in "$@"; do case $arg in --cap-lints*) exec "$rustc" "$@" ;; esac; done
exec "$rustc" "$@" --cap-lints=warn
WRAPPER
  chmod +x "$CACHE_DIR/bin/rustc-cap-lints"
}

build() {
  mkdir -p "$CACHE_DIR/gomod" "$CACHE_DIR/bin"
  : >"$BUILD_LOG"
  [ -f "$CACHE_DIR/gomod/go.mod" ] || (cd "$CACHE_DIR/gomod" && go mod init build-influxd >/dev/null 2>&1)
  SRC_DIR=$CACHE_DIR/src/influxdb-$INFLUXDB_VERSION
  mkdir -p "$(dirname "$SRC_DIR")"
  # The module's go.mod may ask for a newer Go than the machine has: let Go fetch that toolchain
  # (it comes from the Go module proxy). Flux pins an old Rust and turns warnings into errors:
  # build it with the installed stable toolchain and warnings left as warnings. RUSTFLAGS cannot
  # do the latter: flux's build script compiles flux-core for the host, where RUSTFLAGS does not
  # apply when cargo is given --target, so a rustc wrapper caps the lints of every crate.
  write_rustc_wrapper
  export GOTOOLCHAIN=auto GOFLAGS=-buildvcs=false
  export GOCACHE=$CACHE_DIR/go-build GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)}
  export RUSTUP_TOOLCHAIN=${RUSTUP_TOOLCHAIN:-stable} RUSTC_WRAPPER=$CACHE_DIR/bin/rustc-cap-lints
  export PKG_CONFIG=$CACHE_DIR/bin/pkg-config CGO_ENABLED=1
  log "building influxd $INFLUXDB_VERSION from its Go module (first time only; 20-40 min on 2 cores); log: $BUILD_LOG"
  build_step "install build packages (pkg-config, gcc)" install_build_packages
  command -v go >/dev/null || die "building influxd needs Go on PATH"
  command -v cargo >/dev/null || die "building influxd needs Rust (cargo) on PATH"
  build_step "download module github.com/influxdata/influxdb/v2@$INFLUXDB_VERSION" fetch_source
  build_step "build the pkg-config wrapper" build_pkg_config_wrapper
  build_step "go build ./cmd/influxd (builds flux's Rust parser too)" build_influxd
  build_step "check the built binary's version" new_enough "$CACHED_BIN"
  log "built $CACHED_BIN"
}

ensure() {
  if [ -n "${INFLUXD:-}" ]; then
    [ -x "$INFLUXD" ] || die "INFLUXD=$INFLUXD is not an executable file"
    new_enough "$INFLUXD" || die "INFLUXD=$INFLUXD is not InfluxDB $MIN_MAJOR.$MIN_MINOR or newer"
    echo "$INFLUXD"; return
  fi
  local onpath
  if onpath=$(command -v influxd 2>/dev/null) && new_enough "$onpath"; then echo "$onpath"; return; fi
  if [ -x "$CACHED_BIN" ] && new_enough "$CACHED_BIN"; then echo "$CACHED_BIN"; return; fi
  mkdir -p "$CACHE_DIR"
  # One build at a time per cache (two test JVMs may ask at once).
  exec 9>"$CACHE_DIR/build.lock"
  flock 9
  if ! { [ -x "$CACHED_BIN" ] && new_enough "$CACHED_BIN"; }; then build; fi
  echo "$CACHED_BIN"
}

# InfluxDB 1.x is a plain Go module (Flux v0.65 parses in Go: no Rust); `go install` builds it in a few
# minutes. -X main.version: without it /ping reports version "unknown".
INFLUXDB18_VERSION=v1.8.10
CACHED_BIN18=$CACHE_DIR/influxd-$INFLUXDB18_VERSION/influxd
BUILD_LOG18=$CACHE_DIR/influxd-$INFLUXDB18_VERSION-build.log

build18() {
  GOBIN=$(dirname "$CACHED_BIN18") GOFLAGS=-buildvcs=false GOCACHE=$CACHE_DIR/go-build \
    go install -ldflags "-X main.version=${INFLUXDB18_VERSION#v} -X main.commit=module-proxy" \
    "github.com/influxdata/influxdb/cmd/influxd@$INFLUXDB18_VERSION"
}

ensure18() {
  if [ -n "${INFLUXD18:-}" ]; then
    [ -x "$INFLUXD18" ] || die "INFLUXD18=$INFLUXD18 is not an executable file"
    echo "$INFLUXD18"; return
  fi
  [ -x "$CACHED_BIN18" ] && { echo "$CACHED_BIN18"; return; }
  command -v go >/dev/null || die "building influxd 1.8 needs Go on PATH"
  mkdir -p "$(dirname "$CACHED_BIN18")"
  exec 9>"$CACHE_DIR/build.lock"
  flock 9
  if [ ! -x "$CACHED_BIN18" ]; then
    log "building influxd $INFLUXDB18_VERSION from its Go module (first time only; a few minutes); log: $BUILD_LOG18"
    BUILD_LOG=$BUILD_LOG18; : >"$BUILD_LOG"
    build_step "go install github.com/influxdata/influxdb/cmd/influxd@$INFLUXDB18_VERSION" build18
  fi
  echo "$CACHED_BIN18"
}

# --- start / stop -----------------------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

start() {
  local port="" data_dir="" watch_pid="" version=2
  while [ $# -gt 0 ]; do
    case $1 in
      --version) version=${2:?--version needs a value}; shift 2 ;;
      --port) port=${2:?--port needs a value}; shift 2 ;;
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      --watch-pid) watch_pid=${2:?--watch-pid needs a value}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  local influxd
  case $version in
    2|2.x) version=2; influxd=$(ensure) ;;
    1.8) influxd=$(ensure18) ;;
    *) die "start: --version must be 2 or 1.8, not $version" ;;
  esac
  [ -n "$port" ] || port=$(free_port)
  if [ -z "$data_dir" ]; then data_dir=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-influxd.XXXXXX")
  else [ -e "$data_dir/influxd.pid" ] && die "$data_dir already holds a server (influxd.pid)"; mkdir -p "$data_dir"; fi
  data_dir=$(cd "$data_dir" && pwd)

  local url="http://127.0.0.1:$port"
  echo "$port" >"$data_dir/influxd.port"
  echo "$version" >"$data_dir/influxd.version"
  if [ "$version" = 1.8 ]; then write_config18 "$data_dir" "$port"; fi
  launch "$influxd" "$data_dir" "$port" || { rm -rf "$data_dir"; die "influxd did not start (port $port)"; }
  local pid; pid=$(cat "$data_dir/influxd.pid")

  local org=energy-correlator bucket=home_assistant_events token
  if [ "$version" = 1.8 ]; then
    # 1.8 has no onboarding: with auth on, the first user may be created without credentials and must be an
    # admin; the v2 compatibility API then takes "user:password" as the token and "db/rp" as the bucket
    # (org is ignored).
    local password; password=$(random_hex 12)
    token=admin:$password
    influxql18 "$url" "" "CREATE USER admin WITH PASSWORD '$password' WITH ALL PRIVILEGES" \
      && influxql18 "$url" "$token" "CREATE DATABASE $bucket" \
      || { stop_dir "$data_dir"; die "creating the user and database through $url/query failed"; }
    bucket=$bucket/autogen
  else
    token=$(random_hex 32)
    curl -fsS -o /dev/null -X POST "$url/api/v2/setup" -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$(random_hex 12)\",\"org\":\"$org\",\"bucket\":\"$bucket\",\"token\":\"$token\",\"retentionPeriodSeconds\":0}" \
      || { stop_dir "$data_dir"; die "onboarding through POST $url/api/v2/setup failed"; }
  fi

  if [ -n "$watch_pid" ]; then
    # A watchdog in its own session: when the owner dies, however it dies, the server goes too (whichever
    # process the data directory's influxd.pid names then: the server may have been restarted meanwhile).
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
                    [ -d "$2" ] || exit 0
                    pid=$(cat "$2/influxd.pid" 2>/dev/null) && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
                    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                    kill -9 "$pid" 2>/dev/null; rm -rf "$2"' _ "$watch_pid" "$data_dir" \
      >/dev/null 2>&1 </dev/null &
  fi

  echo "INFLUXDB_URL=$url"
  echo "INFLUXDB_TOKEN=$token"
  echo "INFLUXDB_ORG=$org"
  echo "INFLUXDB_BUCKET=$bucket"
  echo "INFLUXDB_DATA_DIR=$data_dir"
  echo "INFLUXDB_PID=$pid"
}

# influxql18 URL TOKEN STATEMENT: one InfluxQL statement through 1.8's /query (TOKEN user:password, or empty).
influxql18() {
  local auth=(); [ -z "$2" ] || auth=(-u "$2")
  curl -fsS -o /dev/null "${auth[@]}" -X POST "$1/query" --data-urlencode "q=$3"
}

# write_config18 DATA_DIR PORT: 1.8 takes its settings from a file. Its RPC (backup) port gets a free port
# of its own, so that several servers run side by side.
write_config18() {
  cat >"$1/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$(free_port)"
[meta]
  dir = "$1/meta"
[data]
  dir = "$1/data"
  wal-dir = "$1/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$2"
  auth-enabled = true
  flux-enabled = true
  log-enabled = false
[logging]
  level = "warn"
[monitor]
  store-enabled = false
CONF
}

# launch INFLUXD DATA_DIR PORT: runs influxd on the data directory and waits until it answers /health.
launch() {
  local influxd=$1 data_dir=$2 port=$3 url="http://127.0.0.1:$3"
  # setsid: the server outlives this script and is not killed with the caller's process group.
  if [ "$(cat "$data_dir/influxd.version" 2>/dev/null)" = 1.8 ]; then
    setsid "$influxd" run -config "$data_dir/influxd.conf" >>"$data_dir/influxd.log" 2>&1 </dev/null &
  else
    setsid "$influxd" --bolt-path "$data_dir/influxd.bolt" --sqlite-path "$data_dir/influxd.sqlite" \
        --engine-path "$data_dir/engine" --http-bind-address "127.0.0.1:$port" \
        --reporting-disabled --log-level warn >>"$data_dir/influxd.log" 2>&1 </dev/null &
  fi
  local pid=$!
  echo "$pid" >"$data_dir/influxd.pid"
  local waited=0
  until curl -fsS -o /dev/null "$url/health" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$data_dir/influxd.log" >&2; log "influxd exited during start-up (port $port)"; return 1
    fi
    (( waited++ < 600 )) || { kill -9 "$pid" 2>/dev/null; log "influxd did not answer $url/health within 60 s"; return 1; }
    sleep 0.1
  done
}

restart() {
  local data_dir=""
  while [ $# -gt 0 ]; do
    case $1 in
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      *) die "restart: unknown option $1" ;;
    esac
  done
  [ -n "$data_dir" ] && [ -f "$data_dir/influxd.port" ] || die "restart: --data-dir D of a server started by this script"
  local pid; pid=$(cat "$data_dir/influxd.pid")
  ! kill -0 "$pid" 2>/dev/null || die "restart: the server of $data_dir is still running (pid $pid)"
  local influxd
  if [ "$(cat "$data_dir/influxd.version" 2>/dev/null)" = 1.8 ]; then influxd=$(ensure18); else influxd=$(ensure); fi
  launch "$influxd" "$data_dir" "$(cat "$data_dir/influxd.port")" || die "restart of the server of $data_dir failed"
  echo "INFLUXDB_PID=$(cat "$data_dir/influxd.pid")"
}

stop_dir() {
  local data_dir=$1 pid
  [ -d "$data_dir" ] || die "stop: no data directory $data_dir"
  if [ -f "$data_dir/influxd.pid" ]; then
    pid=$(cat "$data_dir/influxd.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -CONT "$pid" 2>/dev/null || true  # a paused server (a test of a hang) must run to end
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$data_dir"
}

stop() {
  local data_dir=${INFLUXDB_DATA_DIR:-}
  while [ $# -gt 0 ]; do
    case $1 in
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      *) die "stop: unknown option $1" ;;
    esac
  done
  [ -n "$data_dir" ] || die "stop: say which server: --data-dir D (or INFLUXDB_DATA_DIR from start)"
  stop_dir "$data_dir"
}

case ${1:-} in
  ensure) shift; ensure "$@" ;;
  start) shift; start "$@" ;;
  restart) shift; restart "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
