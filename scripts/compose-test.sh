#!/usr/bin/env bash
# Proves `docker compose up` with the project's own Dockerfile and docker-compose.yml on a real Docker
# engine, end to end: `docker-compose config` passing TZ, the MQTT settings and the secrets, build, health
# checks, correlations written into the compose InfluxDB, the API key, the MQTT example output publishing
# them to a Mosquitto container, memory under the container limit, a route edited through the mounted
# routes/, an InfluxDB outage, an active/passive pair on ZooKeeper (docker-compose.pair.yml) whose leader's
# container is killed, and `docker-compose down -v` leaving nothing behind. Beside it, the Home
# Assistant add-on (homeassistant-addon/) built on the service's image and run as the Supervisor runs it
# (/data/options.json, requests through the ingress path): healthy, the same correlations.
# .ci/run runs it after the Maven build.
#
#   scripts/compose-test.sh
#
# Engine: the one `docker info` reaches (DOCKER_HOST or the default socket) if there is one; otherwise
# it installs docker.io and docker-compose with apt-get where missing and starts its own dockerd on a
# temporary socket and data root (overlay2 storage where the kernel allows it, else vfs; no iptables,
# no default bridge), which it stops and removes on exit, also on failure and Ctrl-C.
# Images: the official ones (influxdb:2.7, maven:3.9-eclipse-temurin-17, eclipse-temurin:17-jre,
# eclipse-mosquitto:2) when the engine has them or can pull them; for each one that cannot be had, a local
# test stand-in (scripts/docker/standin-images.sh; mmdebstrap is installed for it where missing), and, for
# the InfluxDB stand-in only, the override scripts/docker/docker-compose.standins.yml (health check).
# The MQTT broker (the user's own, in real life) is the test fixture scripts/docker/docker-compose.mqtt-test.yml.
# Everything runs on a copy of the project in a temporary directory: the work tree is never touched.
#
# Environment: COMPOSE_TEST_BUILD_NETWORK (the build's network on an existing engine; default: the
# engine's default; "host" on the engine this script starts).
# Each step is printed with the time; a step that cannot work fails naming the step.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

ORG=homeiq
BUCKET=home_assistant_events
PROCESSING_INTERVAL=5        # seconds between the service's cycles during the test
SETTLE_S=60                  # the default aligned estimator's reach (10 + 2 x 10 s) + the default 30 s grace
MEM_LIMIT_BYTES=$((256 * 1024 * 1024))

T0=$(date +%s)
STEP="start"
STEP_T=$T0
STEP_TIMES=()
WORK=""            # temporary directory: the project copy, logs, the auth header
OWN_ENGINE_DIR=""  # set when this script started its own dockerd
DOCKERD_PID=""
WATCHDOG_PID=""
COMPOSE_UP=0
STANDIN_IMAGES_BEFORE=""
DANGLING_BEFORE=""
APT_UPDATED=0
ADDON_CONTAINER=""  # the add-on's container and image, and the tag given to the service's image for its build
ADDON_IMAGE=""
SERVICE_TAG=""
SUBSCRIBER_PID=""

# --- output and failure ---------------------------------------------------------------------------

stamp() { printf '%s +%ss' "$(date -u +%H:%M:%S)" "$(( $(date +%s) - T0 ))"; }
step() {
  local now; now=$(date +%s)
  [ "$STEP" = start ] || STEP_TIMES+=("$(printf '%5ss  %s' "$((now - STEP_T))" "$STEP")")
  STEP=$1 STEP_T=$now
  echo "[compose-test $(stamp)] step: $STEP"
}
info() { echo "[compose-test $(stamp)]   $*"; }
fail() { echo "[compose-test $(stamp)] FAILED at step '$STEP': $*" >&2; exit 1; }
on_error() { fail "command failed (exit $1, line $2): $3"; }
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM
trap cleanup EXIT

# --- clean-up: always runs ------------------------------------------------------------------------

diagnostics() {
  echo "--- diagnostics (step '$STEP') ---" >&2
  compose ps >&2 2>&1 || true
  local service id
  for service in influxdb energy-correlator mosquitto zookeeper energy-correlator-b; do
    id=$(compose ps -q "$service" 2>/dev/null) || continue
    [ -n "$id" ] || continue
    echo "--- warnings and errors in $service's log (last 30):" >&2
    "$DOCKER" logs "$id" 2>&1 | grep -E 'WARN|ERROR|lvl=(warn|error)|Exception|OutOfMemory|Terminating|Shutting down|shutdown' | tail -n 30 >&2 || true
    echo "--- last log lines of $service:" >&2
    "$DOCKER" logs --tail 40 "$id" >&2 2>&1 || true
    echo "--- Docker's events for $service (start, die with exit code, oom):" >&2
    container_events "$id" >&2 || true
    echo "--- health log of $service:" >&2
    "$DOCKER" inspect -f '{{if .State.Health}}{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}{{end}}' "$id" >&2 2>&1 || true
  done
}

cleanup() {
  local rc=$?
  trap - ERR
  set +e
  [ -z "$SUBSCRIBER_PID" ] || kill "$SUBSCRIBER_PID" 2>/dev/null
  if [ -n "$ADDON_CONTAINER" ]; then
    if [ "$rc" != 0 ]; then
      echo "--- last log lines of the add-on:" >&2
      "$DOCKER" logs --tail 40 "$ADDON_CONTAINER" >&2 2>&1 || true
    fi
    "$DOCKER" rm -f "$ADDON_CONTAINER" >/dev/null 2>&1 || true
  fi
  [ -z "$ADDON_IMAGE" ] || "$DOCKER" rmi "$ADDON_IMAGE" "$SERVICE_TAG" >/dev/null 2>&1 || true
  if [ "$COMPOSE_UP" = 1 ]; then
    [ "$rc" = 0 ] || diagnostics
    compose down -v --rmi local >"$WORK/down.log" 2>&1 || { echo "compose-test: cleanup: docker-compose down failed:" >&2; tail -n 20 "$WORK/down.log" >&2; }
  fi
  if [ -n "$OWN_ENGINE_DIR" ]; then
    stop_own_engine
  elif [ -n "${DOCKER:-}" ] && [ -n "$STANDIN_IMAGES_BEFORE$DANGLING_BEFORE" ]; then
    remove_images_made_here
  fi
  [ -z "$WORK" ] || rm -rf "$WORK"
  local total=$(( $(date +%s) - T0 ))
  if [ "$rc" = 0 ]; then
    echo "[compose-test $(stamp)] passed: all steps green in $((total / 60)) min $((total % 60)) s"
  else
    echo "[compose-test $(stamp)] FAILED (exit $rc) after $((total / 60)) min $((total % 60)) s, at step '$STEP'" >&2
  fi
  exit "$rc"
}

stop_own_engine() {
  # The watchdog first: this is the orderly stop.
  if [ -n "$WATCHDOG_PID" ]; then kill "$WATCHDOG_PID" 2>/dev/null || true; WATCHDOG_PID=""; fi
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    kill "$DOCKERD_PID" || true
    local i
    for i in $(seq 150); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$DOCKERD_PID" 2>/dev/null || true
  fi
  # Processes the engine started (containerd, shims, docker-proxy) run with our unique directory in
  # their command lines: end any left by their ids.
  local pid
  for pid in $(pgrep -f -- "$OWN_ENGINE_DIR" || true); do kill -9 "$pid" 2>/dev/null || true; done
  local mount
  for mount in $(awk -v d="$OWN_ENGINE_DIR" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$OWN_ENGINE_DIR"
}

remove_images_made_here() {
  local image
  for image in $("$DOCKER" images --format '{{.Repository}}:{{.Tag}}' 'energy-correlator-standin/*' 2>/dev/null); do
    grep -qxF "$image" <<<"$STANDIN_IMAGES_BEFORE" || "$DOCKER" rmi "$image" >/dev/null 2>&1
  done
  for image in $("$DOCKER" images -q --filter dangling=true 2>/dev/null | sort -u); do
    grep -qxF "$image" <<<"$DANGLING_BEFORE" || "$DOCKER" rmi "$image" >/dev/null 2>&1
  done
}

# --- helpers --------------------------------------------------------------------------------------

apt_install() {  # apt_install PACKAGE...: install the packages that are missing
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  command -v apt-get >/dev/null || fail "${missing[*]} needed and apt-get is missing: install them"
  info "installing ${missing[*]} with apt-get"
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -q >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; fail "apt-get update failed"; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
    || { tail -n 20 "$WORK/apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
}

container_events() {  # container_events ID: its start / die (with exit code) / oom events since this script started
  "$DOCKER" events --since "$T0" --until "$(date +%s)" --filter "container=$1" \
    --format '{{.Action}} {{index .Actor.Attributes "exitCode"}} at {{.Time}}' | grep -E '^(start|die|oom|kill|stop|restart)'
}
compose() { "${COMPOSE[@]}" -p "$PROJECT" "${COMPOSE_FILES[@]}" "$@"; }
container() { local id; id=$(compose ps -q "$1") && [ -n "$id" ] || fail "no container for service $1"; echo "$id"; }
health() { "$DOCKER" inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$(container "$1")"; }

wait_for() {  # wait_for SECONDS WHAT COMMAND...: until COMMAND succeeds, or fail naming WHAT
  local limit=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within $limit s"
    sleep 1
  done
}
is_health() { [ "$(health "$1")" = "$2" ]; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

# The InfluxDB HTTP API through the published port; the token goes in a header file, never a command line.
influx_write() {  # influx_write FILE [BUCKET] (line protocol, ms precision)
  curl -fsS -H @"$WORK/auth-header" --data-binary @"$1" \
    "$INFLUX_URL/api/v2/write?org=$ORG&bucket=${2:-$BUCKET}&precision=ms"
}

# correlations FROM_MS TO_MS: one line "TIME_MS ENTITY_ID POWER_DELTA_W POWER_DELTA_PCT" for each
# event_energy_correlation point in [FROM, TO), in time order, read with Flux through the HTTP API.
correlations() {
  local flux="from(bucket: \"$BUCKET\")
  |> range(start: time(v: $1 * 1000000), stop: time(v: $2 * 1000000))
  |> filter(fn: (r) => r._measurement == \"event_energy_correlation\" and (r._field == \"power_delta_w\" or r._field == \"power_delta_pct\"))
  |> pivot(rowKey: [\"_time\", \"entity_id\"], columnKey: [\"_field\"], valueColumn: \"_value\")
  |> group()
  |> keep(columns: [\"_time\", \"entity_id\", \"power_delta_w\", \"power_delta_pct\"])
  |> sort(columns: [\"_time\", \"entity_id\"])"
  python3 -c 'import json, sys; print(json.dumps({"query": sys.stdin.read(), "type": "flux", "dialect": {"annotations": [], "header": True}}))' <<<"$flux" \
    | curl -fsS -H @"$WORK/auth-header" -H 'Content-Type: application/json' -H 'Accept: application/csv' \
        --data-binary @- "$INFLUX_URL/api/v2/query?org=$ORG" \
    | python3 -c '
import csv, sys
from datetime import datetime
for row in csv.DictReader(line for line in sys.stdin if line.strip()):
    t = row["_time"].replace("Z", "+00:00")
    whole, _, frac = t.partition(".")
    ms = int(datetime.fromisoformat(whole[:19] + "+00:00").timestamp()) * 1000
    if frac:
        ms += int(frac.split("+")[0].ljust(3, "0")[:3])
    print(ms, row["entity_id"], float(row["power_delta_w"]), round(float(row["power_delta_pct"]), 3))'
}

# The API key (docker-compose.yml's api_key secret) goes in a header file too.
statistics() { curl -fsS -H @"$WORK/key-header" "$SERVICE_URL/statistics"; }
stat() {  # stat FIELD: one number from /statistics
  statistics | python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
stats_reach() {  # stats_reach EVENTS WRITTEN: true once the counters are at least these
  local s; s=$(statistics 2>/dev/null) || return 1
  python3 -c 'import json, sys; d = json.loads(sys.argv[1])
sys.exit(0 if d["total_events_processed"] >= int(sys.argv[2]) and d["correlations_written"] >= int(sys.argv[3]) else 1)' "$s" "$1" "$2"
}
expect_stats() {  # expect_stats EVENTS FOUND WRITTEN: the exact counters
  local s; s=$(statistics)
  python3 -c 'import json, sys; d = json.loads(sys.argv[1])
got = (d["total_events_processed"], d["correlations_found"], d["correlations_written"])
want = tuple(int(a) for a in sys.argv[2:5])
print("    /statistics: total_events_processed=%d correlations_found=%d correlations_written=%d errors=%d" % (got + (d["errors"],)))
sys.exit(0 if got == want else 1)' "$s" "$1" "$2" "$3" \
    || fail "/statistics: expected total_events_processed=$1 correlations_found=$2 correlations_written=$3"
}

# Meter readings (measurement smart_meter, field total_power_w) every second, half a second off the
# whole seconds the state changes are at, so every reading is unambiguously before or after a change.
LAST_METER_MS=0
meter_lines() {  # meter_lines FROM_MS TO_MS LEVEL_W [AT_MS NEW_LEVEL_W]...: a step to each new level at each instant
  local from=$1 to=$2 level=$3; shift 3
  [ "$from" -gt "$LAST_METER_MS" ] || fail "meter readings from $from would overlap earlier ones (to $LAST_METER_MS)"
  local t=$from steps=("$@") i
  while [ "$t" -le "$to" ]; do
    local w=$level
    for ((i = 0; i < ${#steps[@]}; i += 2)); do [ "$t" -ge "${steps[i]}" ] && w=${steps[i+1]}; done
    echo "smart_meter total_power_w=$w $t"
    t=$((t + 1000))
  done
  LAST_METER_MS=$to
}
# now_after_readings FIRST_EVENT_OFFSET_MS: the current whole second, waiting first (if need be) until
# a first state change that far back, with its readings from 35.5 s before it, follows the readings
# written so far (a phase's last readings may lie a few seconds in the future).
now_after_readings() {
  local now
  while now=$(( $(now_ms) / 1000 * 1000 )); [ $((now - $1 - 35500)) -le "$LAST_METER_MS" ]; do sleep 0.2; done
  echo "$now"
}
state_line() {  # state_line ENTITY_ID DOMAIN PREVIOUS STATE TIME_MS (the homeiq layout)
  echo "home_assistant_events,entity_id=$1,domain=$2 state_value=\"$4\",previous_state=\"$3\" $5"
}

check_correlations() {  # check_correlations FROM_MS TO_MS EXPECTED_LINES
  local got; got=$(correlations "$1" "$2")
  info "event_energy_correlation in InfluxDB:"; sed 's/^/      /' <<<"$got"
  [ "$got" = "$3" ] || { printf 'expected:\n%s\n' "$3" | sed 's/^/      /' >&2; fail "the correlations in InfluxDB are not the expected ones"; }
}

check_memory() {
  local id usage bytes limit
  id=$(container energy-correlator)
  limit=$("$DOCKER" inspect -f '{{.HostConfig.Memory}}' "$id")
  [ "$limit" = "$MEM_LIMIT_BYTES" ] || fail "the container's memory limit is $limit bytes, not 256 MB"
  usage=$("$DOCKER" stats --no-stream --format '{{.MemUsage}}' "$id")
  bytes=$(python3 -c 'import re, sys
m = re.match(r"\s*([0-9.]+)\s*([KMG]i?B|B)", sys.argv[1])
units = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "kB": 1000, "KB": 1000, "MB": 1000**2, "GB": 1000**3}
print(int(float(m.group(1)) * units[m.group(2)]))' "$usage") || fail "cannot read docker stats' memory usage '$usage'"
  info "docker stats: $usage"
  [ "$bytes" -lt "$MEM_LIMIT_BYTES" ] || fail "memory use $usage reaches the 256 MB limit"
  local oom restarts
  oom=$("$DOCKER" inspect -f '{{.State.OOMKilled}}' "$id")
  restarts=$("$DOCKER" inspect -f '{{.RestartCount}}' "$id")
  info "State.OOMKilled=$oom RestartCount=$restarts"
  [ "$oom" = false ] || fail "the service container was OOM-killed"
  if [ "$restarts" != 0 ]; then
    echo "Docker's events for the service container (start, die with exit code, oom):" >&2
    container_events "$id" | sed 's/^/  /' >&2 || true
    fail "the service container was restarted $restarts times by its restart policy (it ended by itself or was OOM-killed)"
  fi
}

# --- 1. the Docker engine -------------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-compose-test.XXXXXX")
# It holds the token: should this script be killed without cleaning up, a watchdog deletes it.
setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; rm -rf "$2"' _ $$ "$WORK" >/dev/null 2>&1 </dev/null &
disown $!

step "find a running Docker engine, or start one"
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  DOCKER=$(command -v docker)
  info "using the running engine at ${DOCKER_HOST:-the default socket} ($("$DOCKER" version -f '{{.Server.Version}}'))"
else
  info "no running engine: starting one for this test only"
  apt_install docker.io docker-compose
  OWN_ENGINE_DIR=$(mktemp -d /tmp/ec-docker.XXXXXX)   # short: the sockets' paths must stay short
  # Debian's client matches Debian's daemon (20.10); a newer client elsewhere on PATH may not.
  DOCKER=/usr/bin/docker
  [ -x "$DOCKER" ] || DOCKER=$(command -v docker)
  export DOCKER_HOST=unix://$OWN_ENGINE_DIR/docker.sock
  # No iptables, no default bridge, no ip_forward change: nothing on the machine changes but this
  # directory. User-defined bridge networks (compose's) still work, with name resolution. Storage:
  # overlay2 where the kernel lets dockerd mount it (much faster), else vfs.
  start_dockerd() {
    setsid dockerd --storage-driver "$1" --iptables=false --ip-forward=false --bridge=none \
        --data-root "$OWN_ENGINE_DIR/data" --exec-root "$OWN_ENGINE_DIR/exec" --pidfile "$OWN_ENGINE_DIR/dockerd.pid" \
        -H "$DOCKER_HOST" >"$OWN_ENGINE_DIR/dockerd.log" 2>&1 </dev/null &
    DOCKERD_PID=$!
    local deadline=$(( $(date +%s) + 60 ))
    until "$DOCKER" info >/dev/null 2>&1; do
      kill -0 "$DOCKERD_PID" 2>/dev/null || { DOCKERD_PID=""; return 1; }
      [ "$(date +%s)" -lt "$deadline" ] || return 1
      sleep 0.5
    done
  }
  if ! start_dockerd overlay2; then
    info "dockerd cannot use overlay2 here ($(tail -n 1 "$OWN_ENGINE_DIR/dockerd.log" | cut -c1-200)): vfs"
    stop_own_engine
    mkdir -p "$OWN_ENGINE_DIR"
    start_dockerd vfs || { tail -n 20 "$OWN_ENGINE_DIR/dockerd.log" >&2; fail "dockerd did not start (vfs storage)"; }
  fi
  # Should this script be killed without a chance to clean up (SIGKILL), a watchdog in its own session
  # stops this dockerd and deletes its directory; it ends by itself once dockerd has ended.
  setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
                  kill -0 "$2" 2>/dev/null || exit 0
                  kill "$2"; for _ in $(seq 150); do kill -0 "$2" 2>/dev/null || break; sleep 0.2; done
                  kill -9 "$2" 2>/dev/null
                  awk -v d="$3" "index(\$2, d) == 1 {print \$2}" /proc/mounts | sort -r | xargs -r -n 1 umount -l
                  rm -rf "$3"' _ $$ "$DOCKERD_PID" "$OWN_ENGINE_DIR" >/dev/null 2>&1 </dev/null &
  WATCHDOG_PID=$!
  disown "$WATCHDOG_PID"
  info "dockerd $("$DOCKER" version -f '{{.Server.Version}}') (pid $DOCKERD_PID, storage $("$DOCKER" info -f '{{.Driver}}')) on $DOCKER_HOST"
fi
export DOCKER
if command -v docker-compose >/dev/null; then COMPOSE=(docker-compose)
elif "$DOCKER" compose version >/dev/null 2>&1; then COMPOSE=("$DOCKER" compose)
else apt_install docker-compose; COMPOSE=(docker-compose); fi
info "compose client: $("${COMPOSE[@]}" version --short 2>/dev/null || "${COMPOSE[@]}" version | head -n 1)"
if [ -z "$OWN_ENGINE_DIR" ]; then
  STANDIN_IMAGES_BEFORE=$("$DOCKER" images --format '{{.Repository}}:{{.Tag}}' 'energy-correlator-standin/*')
  DANGLING_BEFORE=$("$DOCKER" images -q --filter dangling=true | sort -u)
  DANGLING_BEFORE=${DANGLING_BEFORE:-none}
fi

# --- 2. images: the official ones, or local test stand-ins ----------------------------------------

USED_INFLUXDB_STANDIN=0
STANDINS=()
official_image() {  # official_image VARIABLE IMAGE STANDIN_NAME: the official image if it can be had
  if "$DOCKER" image inspect "$2" >/dev/null 2>&1; then
    info "$2: already in the engine"
  elif timeout 900 "$DOCKER" pull -q "$2" >"$WORK/pull.log" 2>&1; then
    info "$2: pulled"
  else
    info "$2 cannot be pulled ($(tail -n 1 "$WORK/pull.log")): a local test stand-in will be used"
    STANDINS+=("$1:$3")
    return
  fi
  printf -v "$1" '%s' "$2"
}
step "official images: influxdb:2.7, maven:3.9-eclipse-temurin-17, eclipse-temurin:17-jre, eclipse-mosquitto:2"
official_image INFLUXDB_IMAGE influxdb:2.7 influxdb
official_image BUILD_IMAGE maven:3.9-eclipse-temurin-17 maven
official_image RUNTIME_IMAGE eclipse-temurin:17-jre jre
official_image MOSQUITTO_IMAGE eclipse-mosquitto:2 mosquitto
if [ ${#STANDINS[@]} -gt 0 ]; then
  step "local test stand-ins for the images that cannot be pulled"
  apt_install mmdebstrap
  scripts/docker/standin-images.sh prepare "${STANDINS[@]#*:}" || fail "making the stand-ins' root file systems failed"
  for standin in "${STANDINS[@]}"; do
    image=$(scripts/docker/standin-images.sh "${standin#*:}") || fail "building the ${standin#*:} stand-in failed"
    printf -v "${standin%%:*}" '%s' "$image"
    info "${standin%%:*}=$image"
  done
  [ "$INFLUXDB_IMAGE" = influxdb:2.7 ] || USED_INFLUXDB_STANDIN=1
fi
info "images: INFLUXDB_IMAGE=$INFLUXDB_IMAGE BUILD_IMAGE=$BUILD_IMAGE RUNTIME_IMAGE=$RUNTIME_IMAGE MOSQUITTO_IMAGE=$MOSQUITTO_IMAGE"

# --- 3. the project copy, secrets as the README says, up ------------------------------------------

step "copy the project to a temporary directory"
PROJECT_DIR=$WORK/energy-correlator
mkdir -p "$PROJECT_DIR"
tar --exclude=./target --exclude=./secrets --exclude=./.git --exclude=./.env -cf - . | tar -C "$PROJECT_DIR" -xf -
cd "$PROJECT_DIR"
PROJECT=ectest$$

step "create secrets/ as docker-compose.yml's header says"
secrets_command=$(sed -n 's/^#   \(mkdir -p secrets .*\)$/\1/p' docker-compose.yml | head -n 1)
[ -n "$secrets_command" ] || fail "docker-compose.yml's header has no '#   mkdir -p secrets ...' command line"
info "running: $secrets_command"
bash -euo pipefail -c "$secrets_command"
for file in $(sed -n 's|^ *file: \./\(secrets/.*\)$|\1|p' docker-compose.yml); do
  [ -f "$file" ] || fail "the command did not create $file, which docker-compose.yml's secrets name"
done
[ -s secrets/influxdb-token ] && [ -s secrets/influxdb-password ] && [ -s secrets/api-key ] \
  || fail "the command did not fill secrets/influxdb-token, secrets/influxdb-password and secrets/api-key"
[ ! -s secrets/mqtt-password ] || fail "secrets/mqtt-password is not empty after the command (no broker yet)"
(umask 077 && printf 'Authorization: Token %s\n' "$(tr -d '\n' <secrets/influxdb-token)" >"$WORK/auth-header")
(umask 077 && printf 'X-API-Key: %s\n' "$(tr -d '\n' <secrets/api-key)" >"$WORK/key-header")


# Only the variables docker-compose.yml documents; nothing else from the caller's environment.
unset INFLUXDB_ORG INFLUXDB_BUCKET LOOKBACK_MINUTES CORRELATION_WINDOW_SECONDS MIN_POWER_DELTA FIRST_CYCLE_DELAY \
  LATE_DATA_GRACE_SECONDS CORRELATOR_ESTIMATOR CORRELATOR_SCHEMA METER_ENTITY_ID METER_UNIT COMPOSE_FILE COMPOSE_PROJECT_NAME \
  MQTT_DISCOVERY_PREFIX MQTT_SENSOR_TOPIC_PREFIX MQTT_PUBLISH_INTERVAL MQTT_TOPIC_PREFIX
export INFLUXDB_IMAGE BUILD_IMAGE RUNTIME_IMAGE MOSQUITTO_IMAGE PROCESSING_INTERVAL
# As a user sets them in .env: the house's time zone and the broker (README: Home Assistant sensors, Add an output).
export TZ=Europe/Berlin MQTT_URL=tcp://mosquitto:1883 MQTT_USERNAME=energy-correlator
export INFLUXDB_HOST_PORT; INFLUXDB_HOST_PORT=$(free_port)
export CORRELATOR_HOST_PORT; CORRELATOR_HOST_PORT=$(free_port)
export BUILD_NETWORK=${COMPOSE_TEST_BUILD_NETWORK:-default}
[ -z "$OWN_ENGINE_DIR" ] || BUILD_NETWORK=host   # our engine has no default bridge
COMPOSE_FILES=(-f docker-compose.yml)

step "docker-compose config: TZ, the MQTT settings, the secrets and extensions/ reach the service"
compose config >"$WORK/config.yml" 2>"$WORK/config.err" || { cat "$WORK/config.err" >&2; fail "docker-compose config failed"; }
python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml
python3 - "$WORK/config.yml" <<'PY' || fail "docker-compose config does not give the service what docker-compose.yml promises (above)"
import sys, yaml
service = yaml.safe_load(open(sys.argv[1]))["services"]["energy-correlator"]
env = service["environment"]
env = env if isinstance(env, dict) else dict(e.split("=", 1) for e in env)
want = {"TZ": "Europe/Berlin", "MQTT_URL": "tcp://mosquitto:1883", "MQTT_USERNAME": "energy-correlator",
        "MQTT_PASSWORD_FILE": "/run/secrets/mqtt_password", "API_KEY_FILE": "/run/secrets/api_key",
        "INFLUXDB_TOKEN_FILE": "/run/secrets/influxdb_token"}
problems = ["environment %s=%r, expected %r" % (k, env.get(k), v) for k, v in want.items() if str(env.get(k)) != v]
problems += ["the secret %s stands in the environment" % k for k in ("MQTT_PASSWORD", "API_KEY", "INFLUXDB_TOKEN") if env.get(k)]
secrets = sorted(s if isinstance(s, str) else s["source"] for s in service.get("secrets", []))
if secrets != ["api_key", "influxdb_token", "mqtt_password"]:
    problems.append("secrets %s, expected api_key, influxdb_token, mqtt_password" % secrets)
volumes = [v if isinstance(v, str) else "%s:%s" % (v["source"], v["target"]) for v in service.get("volumes", [])]
for target in ("/app/routes", "/app/extensions"):
    if not any(v.split(":")[1] == target for v in volumes):
        problems.append("no volume mounted at %s (volumes: %s)" % (target, volumes))
for p in problems:
    print("    docker-compose config: " + p, file=sys.stderr)
print("    environment: " + ", ".join("%s=%s" % (k, env[k]) for k in sorted(want)))
print("    secrets: %s; volumes: %s" % (", ".join(secrets), ", ".join(volumes)))
sys.exit(1 if problems else 0)
PY

step "docker-compose build; up -d"
COMPOSE_FILES+=(-f scripts/docker/docker-compose.mqtt-test.yml)
if [ "$USED_INFLUXDB_STANDIN" = 1 ]; then COMPOSE_FILES+=(-f scripts/docker/docker-compose.standins.yml); fi
INFLUX_URL=http://127.0.0.1:$INFLUXDB_HOST_PORT
SERVICE_URL=http://127.0.0.1:$CORRELATOR_HOST_PORT
info "project $PROJECT, files ${COMPOSE_FILES[*]}, PROCESSING_INTERVAL=$PROCESSING_INTERVAL, build network $BUILD_NETWORK, ports influxdb $INFLUXDB_HOST_PORT energy-correlator $CORRELATOR_HOST_PORT"
COMPOSE_UP=1
compose build >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; fail "docker-compose build failed"; }
info "image built ($(grep -c '^Step ' "$WORK/build.log" || true) build steps)"
# After the build, so that the service's image (which the add-on below starts from) holds only the shipped routes;
# the mounted routes/ gives the example to the compose service.
step "add the MQTT example output and a broker's password, as README's 'Add an output' says"
# The user's broker (here the test's Mosquitto container) takes the user energy-correlator with this password.
openssl rand -hex 16 >secrets/mqtt-password   # as a user puts a password there (mode 0644, as the other secrets)
cp routes/examples/mqtt-publish.camel.yaml routes/
info "routes/mqtt-publish.camel.yaml added; secrets/mqtt-password holds the broker's password"
compose up -d >"$WORK/up.log" 2>&1 || { tail -n 40 "$WORK/up.log" >&2; fail "docker-compose up -d failed"; }
info "containers created"

step "both containers healthy (Docker's health status)"
wait_for 180 "influxdb healthy" is_health influxdb healthy
info "influxdb: $(health influxdb)"
wait_for 180 "energy-correlator healthy" is_health energy-correlator healthy
info "energy-correlator: $(health energy-correlator); GET /health: $(curl -fsS "$SERVICE_URL/health")"

step "the API key: /statistics answers 401 without it, 200 with it; /health needs none"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVICE_URL/statistics")
[ "$code" = 401 ] || fail "GET /statistics without the API key answered HTTP $code, not 401"
statistics >/dev/null || fail "GET /statistics with the API key (secrets/api-key) failed"
info "GET /statistics: 401 without X-API-Key, 200 with the key from secrets/api-key"

# --- the Home Assistant add-on, beside the compose service --------------------------------------------

step "build the Home Assistant add-on on the service's image; run it as the Supervisor does"
# The Supervisor builds homeassistant-addon/ with BUILD_FROM = the service's image (build.yaml), writes the
# options to /data/options.json (root only, mode 0600), starts the container with TZ on its network, and sends
# the dashboard's requests to port 8016 with X-Ingress-Path. It also passes SUPERVISOR_TOKEN, with which run.sh asks
# http://supervisor/services/mqtt for a broker; there is no Supervisor here, so that fails and the add-on runs
# without MQTT, saying so. The add-on gets a bucket of its own in the compose InfluxDB (its watermark apart).
ADDON_BUCKET=addon_events
org_id=$(curl -fsS -H @"$WORK/auth-header" "$INFLUX_URL/api/v2/orgs?org=$ORG" | python3 -c 'import json, sys; print(json.load(sys.stdin)["orgs"][0]["id"])')
curl -fsS -o /dev/null -H @"$WORK/auth-header" -H 'Content-Type: application/json' \
  --data "{\"orgID\": \"$org_id\", \"name\": \"$ADDON_BUCKET\", \"retentionRules\": []}" "$INFLUX_URL/api/v2/buckets" \
  || fail "creating the bucket $ADDON_BUCKET failed"
SERVICE_TAG=$PROJECT-service:latest ADDON_IMAGE=$PROJECT-addon:latest
"$DOCKER" tag "$("$DOCKER" inspect -f '{{.Image}}' "$(container energy-correlator)")" "$SERVICE_TAG"
"$DOCKER" build -q --network "$BUILD_NETWORK" --build-arg "BUILD_FROM=$SERVICE_TAG" -t "$ADDON_IMAGE" homeassistant-addon >"$WORK/addon-build.log" 2>&1 \
  || { cat "$WORK/addon-build.log" >&2; fail "docker build of homeassistant-addon/ failed"; }
mkdir -p "$WORK/addon-data"
python3 - "$WORK/addon-data/options.json" "$ADDON_BUCKET" "$PROCESSING_INTERVAL" <<'PY'
import json, os, sys
# The add-on's defaults (config.yaml) with what this user changed: their InfluxDB, its token, the homeiq layout.
options = {"influxdb_url": "http://influxdb:8086", "influxdb_token": open("secrets/influxdb-token").read().strip(),
           "influxdb_org": "homeiq", "influxdb_bucket": sys.argv[2], "schema": "homeiq", "meter_entity_id": "",
           "meter_unit": "W", "domains": "switch,light,climate,fan,cover", "estimator": "aligned",
           "min_power_delta": 10, "processing_interval": int(sys.argv[3]), "lookback_minutes": 5}
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump(options, f, indent=2)
PY
network=$("$DOCKER" inspect -f '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}' "$(container influxdb)")
ADDON_PORT=$(free_port)
ADDON_CONTAINER=$PROJECT-addon
SUPERVISOR_TOKEN=$(openssl rand -hex 32) "$DOCKER" run -d --name "$ADDON_CONTAINER" --network "$network" -v "$WORK/addon-data:/data" \
  -e TZ=Europe/Berlin -e SUPERVISOR_TOKEN \
  --memory 256m -p "127.0.0.1:$ADDON_PORT:8016" "$ADDON_IMAGE" >/dev/null || fail "docker run of the add-on failed"
INGRESS_PATH=/api/hassio_ingress/$(openssl rand -hex 16)
ingress() {  # ingress PATH [CURL_ARGS...]: a request as the Supervisor's ingress proxy sends it (prefix stripped)
  local path=$1; shift
  curl -fsS -H "X-Ingress-Path: $INGRESS_PATH" -H "X-Forwarded-For: 192.168.1.20, 172.30.32.1" "$@" "http://127.0.0.1:$ADDON_PORT/$path"
}
addon_healthy() { ingress health 2>/dev/null | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["status"] == "healthy" else 1)' 2>/dev/null; }
wait_for 120 "the add-on answers GET /health healthy" addon_healthy
info "add-on: GET /health through ingress: $(ingress health)"
"$DOCKER" logs "$ADDON_CONTAINER" 2>&1 | grep -E '^(energy-correlator add-on: the Supervisor offers no MQTT service|Add-on: /data/options.json sets .*; MQTT broker: none)' \
  | sed 's/^/      /' | grep -c . | grep -qx 2 \
  || fail "the add-on's log lacks its two start lines (no MQTT service from the Supervisor; which settings the options set)"
"$DOCKER" logs "$ADDON_CONTAINER" 2>&1 | grep -E '^(energy-correlator add-on|Add-on: )' | sed 's/^/      /'
# The Supervisor's watchdog (config.yaml) probes the liveness check.
ingress observe/health/live -o /dev/null || fail "GET /observe/health/live (the add-on's watchdog) failed"
uid=$("$DOCKER" exec "$ADDON_CONTAINER" sh -c 'stat -c %u /proc/1')
[ "$uid" = 10001 ] || fail "the add-on's service runs as uid $uid, not as the image's user correlator (10001)"
info "the service runs as uid $uid (correlator); /data/options.json is root's, mode $(command stat -c %a "$WORK/addon-data/options.json")"

step "the dashboard through the ingress path: relative URLs only, its files and data answer"
ingress "" -o "$WORK/page.html" || fail "GET / through ingress failed"
grep -q '<script src="dashboard/dashboard.js"' "$WORK/page.html" || fail "the page does not load dashboard/dashboard.js"
if grep -Eo '(src|href|action)="/[^"]*"' "$WORK/page.html"; then fail "the page has absolute URLs (above): they would miss the ingress path"; fi
for file in dashboard/dashboard.js dashboard/dashboard.css dashboard/uPlot.iife.min.js dashboard/uPlot.min.css; do
  ingress "$file" -o "$WORK/$(basename "$file")" || fail "GET $file through ingress failed"
done
if grep -Eo "(fetch|getJson)\(['\"\`]/[^'\"\`]*" "$WORK/dashboard.js"; then fail "dashboard.js fetches absolute paths (above)"; fi
info "GET / and its 4 files through $INGRESS_PATH/: 200, no absolute URL"

step "a subscriber on the Mosquitto container, for the MQTT example output"
# The broker takes only the user energy-correlator (password: secrets/mqtt-password, read inside the container).
compose exec -T mosquitto sh -c 'exec mosquitto_sub -h localhost -u energy-correlator -P "$(cat /run/secrets/mqtt_password)" -v -t "energy-correlator/correlations/#" -C 2 -W 400' \
  >"$WORK/mqtt.out" 2>"$WORK/mqtt.err" &
SUBSCRIBER_PID=$!
sleep 2
kill -0 "$SUBSCRIBER_PID" 2>/dev/null || { cat "$WORK/mqtt.err" >&2; fail "mosquitto_sub ended at once"; }
info "mosquitto_sub -t 'energy-correlator/correlations/#' -C 2 running"

# --- 4. the lamp example ------------------------------------------------------------------------

step "write the lamp example into the compose InfluxDB"
# The service correlates a state change once it is older than SETTLE_S and after its watermark, which
# is never later than now - SETTLE_S: the first state change goes 45 s back, the others follow 40 s apart
# (beyond the estimator's reach of each other); readings run from 36 s before the first to 36 s after
# the last.
W=$(now_after_readings 45000)
LAMP=$((W - 45000)) HEATER=$((W - 5000)) HALL=$((W + 35000)) BOILER=$((W + 40000))
{
  meter_lines $((LAMP - 35500)) $((HALL + 35500)) 2450  $LAMP 2510  $HEATER 2390  $HALL 2385
  state_line switch.lamp switch off on $LAMP                 # +60 W: 2450 -> 2510 (2.449 %)
  state_line climate.heater climate heat off $HEATER         # -120 W
  state_line light.hall light on off $HALL                   # -5 W: below the 10 W threshold, dropped
  state_line sensor.boiler sensor 55 60 $BOILER              # not a tracked domain: ignored
} >"$WORK/lamp.lp"
influx_write "$WORK/lamp.lp"
influx_write "$WORK/lamp.lp" "$ADDON_BUCKET"   # the same for the add-on
info "$(grep -c smart_meter "$WORK/lamp.lp") meter readings, 4 state changes (switch.lamp, climate.heater, light.hall, sensor.boiler)"

step "the service correlates the lamp example (exactly two correlations)"
wait_for $(( (HALL - W) / 1000 + SETTLE_S + 60 )) "3 state changes processed, 2 correlations written" stats_reach 3 2
sleep $((2 * PROCESSING_INTERVAL))   # two more cycles: nothing more may come
check_correlations $((LAMP - 60000)) $((BOILER + 60000)) "$LAMP switch.lamp 60.0 2.449
$HEATER climate.heater -120.0 -4.781"
expect_stats 3 2 2

step "the MQTT example output: the two correlations arrived on the Mosquitto container"
sub_rc=0; wait "$SUBSCRIBER_PID" || sub_rc=$?
SUBSCRIBER_PID=""
[ "$sub_rc" = 0 ] || { cat "$WORK/mqtt.out" "$WORK/mqtt.err" >&2; fail "mosquitto_sub did not receive 2 messages (exit $sub_rc)"; }
sed 's/^/      /' "$WORK/mqtt.out"
python3 - "$WORK/mqtt.out" "$LAMP" "$HEATER" <<'PY' || fail "the MQTT messages are not the two correlations"
import json, sys
from datetime import datetime
lines = open(sys.argv[1]).read().splitlines()
got = []
for line in lines:
    topic, _, payload = line.partition(" ")
    m = json.loads(payload)
    ms = round(datetime.fromisoformat(m["time"].replace("Z", "+00:00")).timestamp() * 1000)
    got.append((topic, m["entity_id"], ms, m["power_delta_w"], m["run"]))
want = [("energy-correlator/correlations/switch.lamp", "switch.lamp", int(sys.argv[2]), 60.0, "live"),
        ("energy-correlator/correlations/climate.heater", "climate.heater", int(sys.argv[3]), -120.0, "live")]
if got != want:
    print("got  %s\nwant %s" % (got, want), file=sys.stderr)
    sys.exit(1)
PY
info "switch.lamp +60 W and climate.heater -120 W, as JSON, on energy-correlator/correlations/<entity_id>"

step "the add-on correlated the lamp example too (read through the ingress path)"
addon_stats() { ingress statistics | python3 -c 'import json, sys; d = json.load(sys.stdin)
print(d["total_events_processed"], d["correlations_found"], d["correlations_written"])'; }
addon_done() { [ "$(addon_stats 2>/dev/null)" = "3 2 2" ]; }
wait_for 60 "the add-on's /statistics: 3 state changes, 2 correlations found and written" addon_done
ingress "api/correlations?limit=50" | python3 -c 'import json, sys
from datetime import datetime
for c in json.load(sys.stdin):
    ms = round(datetime.fromisoformat(c["time"].replace("Z", "+00:00")).timestamp() * 1000)
    print(ms, c["entity_id"], float(c["power_delta_w"]))' >"$WORK/addon-correlations.txt"
sed 's/^/      /' "$WORK/addon-correlations.txt"
[ "$(cat "$WORK/addon-correlations.txt")" = "$HEATER climate.heater -120.0
$LAMP switch.lamp 60.0" ] || fail "the add-on's api/correlations (newest first) are not the lamp example's two"
BUCKET=$ADDON_BUCKET check_correlations $((LAMP - 60000)) $((BOILER + 60000)) "$LAMP switch.lamp 60.0 2.449
$HEATER climate.heater -120.0 -4.781"
info "add-on /statistics: $(addon_stats) (state changes, found, written)"
mem=$("$DOCKER" stats --no-stream --format '{{.MemUsage}}' "$ADDON_CONTAINER")
info "add-on memory: $mem; restarts: $("$DOCKER" inspect -f '{{.RestartCount}}' "$ADDON_CONTAINER")"
token=$(tr -d '\n' <secrets/influxdb-token)
if "$DOCKER" logs "$ADDON_CONTAINER" 2>&1 | grep -qF -- "$token"; then fail "the token appears in the add-on's log"; fi
unset token
"$DOCKER" rm -f "$ADDON_CONTAINER" >/dev/null
ADDON_CONTAINER=""
info "the token is not in the add-on's log; the add-on's container removed"

step "memory under the 256 MB limit, not OOM-killed"
check_memory

# --- 5. an InfluxDB outage ------------------------------------------------------------------------

step "stop InfluxDB's container: /health answers 503 and Docker marks the service unhealthy"
O1=$(now_ms)
compose stop influxdb >"$WORK/stop.log" 2>&1 || { cat "$WORK/stop.log" >&2; fail "docker-compose stop influxdb failed"; }
health_code() { curl -s -o /dev/null -w '%{http_code}' "$SERVICE_URL/health"; }
failed_cycles() { curl -s "$SERVICE_URL/health" | python3 -c 'import json, sys; print(json.load(sys.stdin)["consecutive_failed_cycles"])'; }
outage_seen() { [ "$(health_code)" = 503 ] && [ "$(failed_cycles)" -ge 2 ]; }
wait_for 120 "GET /health answers 503 after two failed cycles" outage_seen
info "GET /health: HTTP $(curl -s -o "$WORK/health.json" -w '%{http_code} in %{time_total} s' "$SERVICE_URL/health"): $(cat "$WORK/health.json")"
wait_for 150 "Docker marks energy-correlator unhealthy" is_health energy-correlator unhealthy
info "energy-correlator: $(health energy-correlator)"

step "start InfluxDB again; write the state changes of the outage, timed inside it"
# They reach InfluxDB only now; their times lie inside the outage, and less than SETTLE_S before now,
# so the watermark (frozen during the outage, and never later than now - SETTLE_S) has not passed them.
T=$(now_after_readings 45000)
KETTLE=$((T - 45000)) FAN=$((T - 20000))
[ "$KETTLE" -gt "$O1" ] || fail "the outage lasted less than 45 s: no room for its state changes"
compose start influxdb >"$WORK/start.log" 2>&1 || { cat "$WORK/start.log" >&2; fail "docker-compose start influxdb failed"; }
influx_up() { curl -fsS -o /dev/null "$INFLUX_URL/health" 2>/dev/null; }
wait_for 10 "InfluxDB answers /health again" influx_up
{
  meter_lines $((KETTLE - 35500)) $((FAN + 35500)) 2385  $KETTLE 4185  $FAN 4145
  state_line switch.kettle switch off on $KETTLE             # +1800 W
  state_line fan.attic fan on off $FAN                       # -40 W
} >"$WORK/outage.lp"
influx_write "$WORK/outage.lp"
written_at=$(now_ms)
[ $((written_at - KETTLE)) -lt $((SETTLE_S * 1000 - 5000)) ] \
  || fail "the outage's state changes were written $(( (written_at - T) / 1000 )) s after InfluxDB started: too late to be sure the watermark had not passed them"
info "outage $(( (T - O1) / 1000 )) s; switch.kettle and fan.attic at $(( (KETTLE - O1) / 1000 )) s and $(( (FAN - O1) / 1000 )) s into it, written $(( (written_at - T) / 1000 )) s after InfluxDB started"

step "healthy again; the outage's state changes correlated once"
health_ok() { [ "$(health_code)" = 200 ]; }
wait_for 90 "GET /health answers 200" health_ok
wait_for 150 "Docker marks energy-correlator healthy again" is_health energy-correlator healthy
wait_for 60 "Docker marks influxdb healthy again" is_health influxdb healthy
info "influxdb: $(health influxdb); energy-correlator: $(health energy-correlator)"
wait_for $((SETTLE_S + 60)) "5 state changes processed, 4 correlations written" stats_reach 5 4
sleep $((2 * PROCESSING_INTERVAL))
check_correlations $((KETTLE - 60000)) $((FAN + 60000)) "$KETTLE switch.kettle 1800.0 75.472
$FAN fan.attic -40.0 -0.956"
expect_stats 5 4 4
[ "$(stat errors)" -ge 2 ] || fail "/statistics counts fewer than 2 errors for the outage"
info "errors during the outage: $(stat errors)"

# --- 6. a route edited through the mounted routes/ ------------------------------------------------

step "edit routes/correlate.camel.yaml (threshold 100 W in the filter) and restart the service"
# README: routes/ is mounted read-only, so a route can be changed without rebuilding; restart to apply.
route=routes/correlate.camel.yaml
placeholder='${exchangeProperty.minPowerDeltaW}'
[ "$(grep -cF -- "$placeholder" "$route" || true)" = 1 ] \
  || fail "$route must hold the home's threshold $placeholder exactly once (the correlation filter); the route text changed: update this step"
sed -i 's/\${exchangeProperty\.minPowerDeltaW}/100/' "$route"
grep -qF '${header.AbsoluteDeltaW} >= 100"' "$route" || fail "after the edit, $route has no filter '\${header.AbsoluteDeltaW} >= 100'"
compose restart energy-correlator >"$WORK/restart.log" 2>&1 || { cat "$WORK/restart.log" >&2; fail "docker-compose restart energy-correlator failed"; }
wait_for 180 "energy-correlator healthy after the restart" is_health energy-correlator healthy
info "energy-correlator: $(health energy-correlator); MIN_POWER_DELTA stays $(statistics | python3 -c 'import json, sys; print(json.load(sys.stdin)["config"]["min_power_delta_w"])') W"

step "the edited route drops a 60 W step and keeps a 120 W one"
W2=$(now_after_readings 45000)
LAMP2=$((W2 - 45000)) HEATER2=$((W2 - 5000))
{
  meter_lines $((LAMP2 - 35500)) $((HEATER2 + 35500)) 4145  $LAMP2 4085  $HEATER2 4205
  state_line switch.lamp switch on off $LAMP2                # -60 W: kept by MIN_POWER_DELTA=10, dropped by the edit
  state_line climate.heater climate off heat $HEATER2        # +120 W: kept
} >"$WORK/route-edit.lp"
influx_write "$WORK/route-edit.lp"
wait_for $(( (HEATER2 - W2) / 1000 + SETTLE_S + 60 )) "2 state changes processed after the restart" stats_reach 2 1
sleep $((2 * PROCESSING_INTERVAL))
check_correlations $((LAMP2 - 60000)) $((HEATER2 + 60000)) "$HEATER2 climate.heater 120.0 2.938"
expect_stats 2 1 1

step "all correlations in the bucket: the five above, each once"
check_correlations 0 $(( $(now_ms) + 3600000 )) "$LAMP switch.lamp 60.0 2.449
$HEATER climate.heater -120.0 -4.781
$KETTLE switch.kettle 1800.0 75.472
$FAN fan.attic -40.0 -0.956
$HEATER2 climate.heater 120.0 2.938"

# --- 7. memory, secrets ---------------------------------------------------------------------

step "memory under the 256 MB limit after all of it, not OOM-killed"
check_memory

step "the token, the API key and the MQTT password appear in no container log"
for secret in influxdb-token api-key mqtt-password; do
  value=$(tr -d '\n' <"secrets/$secret")
  for service in influxdb energy-correlator mosquitto; do
    if "$DOCKER" logs "$(container "$service")" 2>&1 | grep -qF -- "$value"; then fail "secrets/$secret appears in $service's log"; fi
  done
done
unset value
info "no log holds any of them"

# --- 8. an active/passive pair, then down ---------------------------------------------------------------

step "the pair: ZooKeeper and a second correlator up (docker-compose.pair.yml, README's 'Running a pair')"
export CORRELATOR_B_HOST_PORT; CORRELATOR_B_HOST_PORT=$(free_port)
export CLUSTER_SESSION_TIMEOUT_SECONDS=6
COMPOSE_FILES+=(-f docker-compose.pair.yml)
SERVICE_B_URL=http://127.0.0.1:$CORRELATOR_B_HOST_PORT
compose build >"$WORK/pair-build.log" 2>&1 || { tail -n 40 "$WORK/pair-build.log" >&2; fail "docker-compose build (pair) failed"; }
compose up -d >"$WORK/pair-up.log" 2>&1 || { tail -n 40 "$WORK/pair-up.log" >&2; fail "docker-compose up -d (pair) failed"; }
for service in zookeeper energy-correlator energy-correlator-b; do
  wait_for 180 "$service healthy" is_health "$service" healthy
done
info "zookeeper, energy-correlator (node a, port $CORRELATOR_HOST_PORT) and energy-correlator-b (node b, port $CORRELATOR_B_HOST_PORT) healthy"

role_of() { curl -fsS "$1/health" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("role"), d.get("node"))'; }
one_leader() {
  local a b; a=$(role_of "$SERVICE_URL" 2>/dev/null) && b=$(role_of "$SERVICE_B_URL" 2>/dev/null) || return 1
  [ "$a/$b" = "leader a/standby b" ] || [ "$a/$b" = "standby a/leader b" ]
}
wait_for 60 "one leader and one standby (/health's role)" one_leader
if [ "$(role_of "$SERVICE_URL")" = "leader a" ]; then
  LEADER=energy-correlator OTHER=energy-correlator-b OTHER_URL=$SERVICE_B_URL
else
  LEADER=energy-correlator-b OTHER=energy-correlator OTHER_URL=$SERVICE_URL
fi
info "node a: $(role_of "$SERVICE_URL"); node b: $(role_of "$SERVICE_B_URL")"

step "kill the leader's container: the standby takes over and correlates the new state changes once"
W3=$(now_after_readings 45000)
LAMP3=$((W3 - 45000)) HEATER3=$((W3 - 5000))
{
  meter_lines $((LAMP3 - 35500)) $((HEATER3 + 35500)) 3000  $LAMP3 3150  $HEATER3 2950
  state_line switch.lamp switch off on $LAMP3                # +150 W (the edited route keeps steps of 100 W and more)
  state_line climate.heater climate heat off $HEATER3        # -200 W
} >"$WORK/pair.lp"
influx_write "$WORK/pair.lp"
killed=$(now_ms)
"$DOCKER" kill "$(container "$LEADER")" >/dev/null
other_leads() { [ "$(role_of "$OTHER_URL" 2>/dev/null | cut -d' ' -f1)" = leader ]; }
wait_for $((CLUSTER_SESSION_TIMEOUT_SECONDS + 30)) "$OTHER leads after $LEADER was killed" other_leads
TAKEOVER_MS=$(( $(now_ms) - killed ))
info "$LEADER killed (SIGKILL); $OTHER leads $((TAKEOVER_MS / 1000)).$((TAKEOVER_MS % 1000 / 100)) s later (session timeout ${CLUSTER_SESSION_TIMEOUT_SECONDS} s)"
other_stats_reach() {
  local s; s=$(curl -fsS -H @"$WORK/key-header" "$OTHER_URL/statistics" 2>/dev/null) || return 1
  python3 -c 'import json, sys; d = json.loads(sys.argv[1]); sys.exit(0 if d["correlations_written"] >= 2 else 1)' "$s"
}
wait_for $(( (HEATER3 - W3) / 1000 + SETTLE_S + 60 )) "$OTHER wrote the 2 correlations" other_stats_reach
sleep $((2 * PROCESSING_INTERVAL))
check_correlations 0 $(( $(now_ms) + 3600000 )) "$LAMP switch.lamp 60.0 2.449
$HEATER climate.heater -120.0 -4.781
$KETTLE switch.kettle 1800.0 75.472
$FAN fan.attic -40.0 -0.956
$HEATER2 climate.heater 120.0 2.938
$LAMP3 switch.lamp 150.0 5.0
$HEATER3 climate.heater -200.0 -6.349"
info "the new leader's /statistics: $(curl -fsS -H @"$WORK/key-header" "$OTHER_URL/statistics" | python3 -c 'import json, sys; d = json.load(sys.stdin)
print("role %s, total_events_processed %d, correlations_written %d" % (d.get("role"), d["total_events_processed"], d["correlations_written"]))')"
token=$(tr -d '\n' <secrets/influxdb-token)
for service in zookeeper energy-correlator-b; do
  if "$DOCKER" logs "$(container "$service")" 2>&1 | grep -qF -- "$token"; then fail "the token appears in $service's log"; fi
done
unset token

step "docker-compose down -v: nothing left behind"
containers=$(compose ps -q)
compose down -v --rmi local >"$WORK/down.log" 2>&1 || { tail -n 20 "$WORK/down.log" >&2; fail "docker-compose down -v failed"; }
COMPOSE_UP=0
label=com.docker.compose.project=$PROJECT
left="$("$DOCKER" ps -aq --filter "label=$label")$("$DOCKER" network ls -q --filter "label=$label")$("$DOCKER" volume ls -q --filter "label=$label")"
[ -z "$left" ] || fail "left behind: containers/networks/volumes $left"
for id in $containers; do "$DOCKER" inspect "$id" >/dev/null 2>&1 && fail "container $id is still there"; done
info "no container, network or volume of project $PROJECT is left"

if [ -n "$OWN_ENGINE_DIR" ]; then
  step "stop the test's own Docker engine and remove its data"
  dir=$OWN_ENGINE_DIR pid=$DOCKERD_PID
  stop_own_engine
  OWN_ENGINE_DIR=""
  ! kill -0 "$pid" 2>/dev/null || fail "dockerd (pid $pid) is still running"
  [ -z "$(pgrep -f -- "$dir" || true)" ] || fail "processes of the engine are still running: $(pgrep -af -- "$dir")"
  [ ! -e "$dir" ] || fail "$dir is still there"
  info "dockerd (pid $pid) stopped, $dir removed"
fi

step "done"
echo "[compose-test] step times:"
printf '  %s\n' "${STEP_TIMES[@]}"
