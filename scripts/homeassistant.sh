#!/usr/bin/env bash
# Provides a real Home Assistant (core, from PyPI) on loopback, for the end-to-end test against Home Assistant
# (RealHomeAssistantIT) and for trying the service with it by hand.
#
#   scripts/homeassistant.sh ensure            print the path of a Python whose venv holds Home Assistant and the
#                                              requirements of the integrations the test configuration loads
#                                              (installs them the first time, from PyPI)
#   scripts/homeassistant.sh start [options]   start Home Assistant on a fresh configuration; print eval-able lines
#   scripts/homeassistant.sh stop --dir D      stop it and remove its configuration directory
#
# start options:
#   --port N                       loopback port of its HTTP API (default: a free one)
#   --dir D                        its configuration directory (default: a new temporary one); removed by `stop`
#   --influxdb-url URL --influxdb-token T --influxdb-org O --influxdb-bucket B
#                                  where its InfluxDB integration writes (api_version 2)
#   --influxdb-api-version 1       write with api_version 1 instead, as to the Home Assistant OS add-on (InfluxDB
#                                  1.8): the token is user:password, the bucket database/retention-policy
#   --influxdb-max-retries N       its max_retries (default 0): with api_version 1, a failed write is retried every
#                                  20 s N times, and queued rows are kept 30 + 20 x N s meanwhile
#   --mqtt-url tcp://HOST:PORT [--mqtt-user U --mqtt-password P]
#                                  its MQTT integration's broker (set up through the config flow, as the UI does)
#   --watch-pid P                  stop it and remove its directory when process P ends
#
# What the configuration holds (a house the test drives through Home Assistant's REST API):
#   switch.kettle and light.lamp   template entities over input_boolean.kettle and input_boolean.lamp
#   sensor.house_power             the meter, a template sensor (W, device class power): 150 W, + 1200 W while
#                                  the kettle is on, + 60 W while the lamp is on
#   influxdb                       writes the switch and light domains and sensor.house_power (with api_version 2
#                                  Home Assistant 2025.4 writes asynchronously and loses what it sends while
#                                  InfluxDB is down, with no error and no retry whatever max_retries says;
#                                  RealHomeAssistantIT shows it, and RealHomeAssistantOnInfluxDb18IT the retries of 1)
#   recorder                       (sqlite in the directory) so that its statistics can be validated
# Printed: HA_URL, HA_TOKEN (a long-lived access token of the onboarded owner), HA_DIR, HA_PID.
#
# Environment:
#   HA_PYTHON       the Python to make the venv with (default: pyenv's 3.13, else python3.13 on PATH)
#   XDG_CACHE_HOME  the venv lives in ${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator/homeassistant-<version>
set -euo pipefail

# Pinned: the newest release pip offers for pyenv's Python 3.13.0 (later ones ask for a newer Python).
HA_VERSION=2025.4.4
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator
HA_HOME=$CACHE_DIR/homeassistant-$HA_VERSION
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HELPERS=$HERE/homeassistant
# The integrations the test configuration sets up (configuration.yaml below, plus mqtt by its config entry).
# Their requirements, and those of what Home Assistant loads always, are installed by `ensure`: Home Assistant
# then runs with --skip-pip and needs nothing from the network.
INTEGRATIONS="http api config onboarding auth recorder logger input_boolean template switch light sensor influxdb mqtt"

die() { echo "homeassistant.sh: $*" >&2; exit 1; }
log() { echo "homeassistant.sh: $*" >&2; }

# --- ensure -----------------------------------------------------------------------------------

find_python() {
  if [ -n "${HA_PYTHON:-}" ]; then echo "$HA_PYTHON"; return; fi
  local candidate
  for candidate in "$HOME"/.pyenv/versions/3.13.*/bin/python3 "$(command -v python3.13 2>/dev/null || true)"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  return 1
}

install_venv() {  # install_venv DIR: the venv in DIR (resumes an interrupted install: pip skips what is there)
  local dir=$1 python
  python=$(find_python) || die "no Python 3.13 (pyenv's 3.13.x or python3.13 on PATH; or set HA_PYTHON)"
  local log_file=$CACHE_DIR/homeassistant-$HA_VERSION-install.log
  log "installing homeassistant==$HA_VERSION into $dir (first time only; 2-15 min); log: $log_file"
  [ -x "$dir/venv/bin/python" ] || "$python" -m venv "$dir/venv" >>"$log_file" 2>&1 \
    || die "$python -m venv $dir/venv failed; log: $log_file"
  local pip=("$dir/venv/bin/python" -m pip install --disable-pip-version-check --no-input)
  "${pip[@]}" "homeassistant==$HA_VERSION" >>"$log_file" 2>&1 \
    || { tail -n 25 "$log_file" >&2; die "pip install homeassistant==$HA_VERSION failed; log: $log_file"; }
  # The integrations' own requirements (e.g. influxdb-client, paho-mqtt), pinned by their manifests and held to
  # Home Assistant's package constraints, as Home Assistant itself would install them at its first start.
  local requirements
  requirements=$("$dir/venv/bin/python" "$HELPERS/requirements.py" $INTEGRATIONS) \
    || die "reading the integrations' manifests failed"
  log "installing the integrations' requirements: $(echo $requirements)"
  # shellcheck disable=SC2086
  "${pip[@]}" -c "$("$dir/venv/bin/python" -c 'import homeassistant, os; print(os.path.join(os.path.dirname(homeassistant.__file__), "package_constraints.txt"))')" \
      $requirements >>"$log_file" 2>&1 \
    || { tail -n 25 "$log_file" >&2; die "pip install of the integrations' requirements failed; log: $log_file"; }
  "$dir/venv/bin/python" -c "import homeassistant.const as c; assert c.__version__ == '$HA_VERSION', c.__version__" \
    || die "the venv in $dir does not hold Home Assistant $HA_VERSION"
  touch "$dir/venv/.complete"
}

ensure() {
  if [ -f "$HA_HOME/venv/.complete" ]; then echo "$HA_HOME/venv/bin/python"; return; fi
  mkdir -p "$CACHE_DIR"
  # One install at a time per cache (two test JVMs may ask at once).
  exec 9>"$CACHE_DIR/homeassistant.lock"
  flock 9
  if [ ! -f "$HA_HOME/venv/.complete" ]; then
    # Installed beside, then moved in whole: an install that was cut short is never taken for a complete one.
    # (Moving a venv is safe here: Home Assistant is run as `python -m homeassistant`, never by a script's shebang.)
    install_venv "$HA_HOME.partial"
    rm -rf "$HA_HOME" && mv "$HA_HOME.partial" "$HA_HOME"
  fi
  echo "$HA_HOME/venv/bin/python"
}

# --- start / stop -----------------------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

write_config() {  # write_config DIR PORT INFLUX_HOST INFLUX_PORT API_VERSION MAX_RETRIES: configuration.yaml
  local dir=$1 port=$2 influx_host=$3 influx_port=$4 api_version=$5 max_retries=$6
  cat >"$dir/configuration.yaml" <<YAML
# Made by scripts/homeassistant.sh for one run; removed by its stop.
homeassistant:
  name: energy-correlator test house
  latitude: 52.52
  longitude: 13.40
  elevation: 34
  unit_system: metric
  time_zone: UTC
  currency: EUR
  country: DE
  internal_url: http://127.0.0.1:$port

http:
  server_host: 127.0.0.1
  server_port: $port

api:
config:

logger:
  default: warning
  logs:
    # What the InfluxDB integration writes and what it drops: the test reads it in home-assistant.log.
    homeassistant.components.influxdb: debug

recorder:
  commit_interval: 1

input_boolean:
  kettle:
    name: Kettle
  lamp:
    name: Lamp

switch:
  - platform: template
    switches:
      kettle:
        friendly_name: Kettle
        value_template: "{{ is_state('input_boolean.kettle', 'on') }}"
        turn_on:
          action: input_boolean.turn_on
          target: { entity_id: input_boolean.kettle }
        turn_off:
          action: input_boolean.turn_off
          target: { entity_id: input_boolean.kettle }

light:
  - platform: template
    lights:
      lamp:
        friendly_name: Lamp
        value_template: "{{ is_state('input_boolean.lamp', 'on') }}"
        turn_on:
          action: input_boolean.turn_on
          target: { entity_id: input_boolean.lamp }
        turn_off:
          action: input_boolean.turn_off
          target: { entity_id: input_boolean.lamp }

# The meter: follows the two input_booleans in the same event-loop turn as the entities above.
template:
  - sensor:
      - name: House power
        unique_id: energy_correlator_test_house_power
        unit_of_measurement: W
        device_class: power
        state_class: measurement
        state: >-
          {{ 150 + (1200 if is_state('input_boolean.kettle', 'on') else 0)
                 + (60 if is_state('input_boolean.lamp', 'on') else 0) }}

influxdb:
  api_version: $api_version
  ssl: false
  host: $influx_host
  port: $influx_port
$(if [ "$api_version" = 2 ]; then
    printf '  token: !secret influxdb_token\n  organization: !secret influxdb_org\n  bucket: !secret influxdb_bucket'
  else
    printf '  username: !secret influxdb_username\n  password: !secret influxdb_password\n  database: !secret influxdb_database'
  fi)
  max_retries: $max_retries
  include:
    domains: [switch, light]
    entities: [sensor.house_power]
YAML
}

# Waits until Home Assistant answers its onboarding API (it is up and its HTTP server runs).
await_http() {
  local url=$1 pid=$2 dir=$3 waited=0
  until curl -fsS -o /dev/null "$url/api/onboarding" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$dir/home-assistant.log" >&2 2>/dev/null || true
      return 1
    fi
    (( waited++ < 1800 )) || { log "Home Assistant did not answer $url within 180 s"; return 1; }
    sleep 0.1
  done
}

start() {
  local port="" dir="" watch_pid="" influx_url="" influx_token="" influx_org="" influx_bucket=""
  local mqtt_url="" mqtt_user="" mqtt_password="" api_version=2 max_retries=0
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port needs a value}; shift 2 ;;
      --dir) dir=${2:?--dir needs a value}; shift 2 ;;
      --influxdb-url) influx_url=${2:?--influxdb-url needs a value}; shift 2 ;;
      --influxdb-token) influx_token=${2:?--influxdb-token needs a value}; shift 2 ;;
      --influxdb-org) influx_org=${2:?--influxdb-org needs a value}; shift 2 ;;
      --influxdb-bucket) influx_bucket=${2:?--influxdb-bucket needs a value}; shift 2 ;;
      --influxdb-api-version) api_version=${2:?--influxdb-api-version needs a value}; shift 2 ;;
      --influxdb-max-retries) max_retries=${2:?--influxdb-max-retries needs a value}; shift 2 ;;
      --mqtt-url) mqtt_url=${2:?--mqtt-url needs a value}; shift 2 ;;
      --mqtt-user) mqtt_user=${2:?--mqtt-user needs a value}; shift 2 ;;
      --mqtt-password) mqtt_password=${2:?--mqtt-password needs a value}; shift 2 ;;
      --watch-pid) watch_pid=${2:?--watch-pid needs a value}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  [ -n "$influx_url" ] && [ -n "$influx_token" ] && [ -n "$influx_org" ] && [ -n "$influx_bucket" ] \
    || die "start: --influxdb-url, --influxdb-token, --influxdb-org and --influxdb-bucket are needed"
  [[ $influx_url =~ ^http://([^:/]+):([0-9]+)/?$ ]] || die "start: --influxdb-url must be http://HOST:PORT, not $influx_url"
  local influx_host=${BASH_REMATCH[1]} influx_port=${BASH_REMATCH[2]}
  case $api_version in
    2) ;;
    1) [[ $influx_token == *:* ]] || die "start: with --influxdb-api-version 1 the token is user:password" ;;
    *) die "start: --influxdb-api-version must be 1 or 2, not $api_version" ;;
  esac
  [[ $max_retries =~ ^[0-9]+$ ]] || die "start: --influxdb-max-retries must be a whole number, not $max_retries"
  [ -n "$mqtt_url" ] || die "start: --mqtt-url is needed"
  [[ $mqtt_url =~ ^tcp://([^:/]+):([0-9]+)$ ]] || die "start: --mqtt-url must be tcp://HOST:PORT, not $mqtt_url"
  local mqtt_host=${BASH_REMATCH[1]} mqtt_port=${BASH_REMATCH[2]}

  local python; python=$(ensure)
  [ -n "$port" ] || port=$(free_port)
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-homeassistant.XXXXXX")
  else [ -e "$dir/homeassistant.pid" ] && die "$dir already holds a Home Assistant (homeassistant.pid)"; mkdir -p "$dir"; fi
  dir=$(cd "$dir" && pwd)

  write_config "$dir" "$port" "$influx_host" "$influx_port" "$api_version" "$max_retries"
  # Home Assistant's integration takes 1.x's database alone (its retention policy is the default one).
  (umask 077 && printf 'influxdb_token: "%s"\ninfluxdb_org: "%s"\ninfluxdb_bucket: "%s"\ninfluxdb_username: "%s"\ninfluxdb_password: "%s"\ninfluxdb_database: "%s"\n' \
      "$influx_token" "$influx_org" "$influx_bucket" "${influx_token%%:*}" "${influx_token#*:}" "${influx_bucket%%/*}" \
      >"$dir/secrets.yaml")

  # setsid: it outlives this script and is not killed with the caller's process group. --skip-pip: `ensure`
  # installed every requirement; nothing is fetched at start.
  setsid "$python" -m homeassistant --config "$dir" --skip-pip --log-no-color \
      --log-file "$dir/home-assistant.log" >>"$dir/stdout.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/homeassistant.pid"

  if [ -n "$watch_pid" ]; then
    # A watchdog in its own session: when the owner dies, however it dies, Home Assistant goes too.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
                    kill "$2" 2>/dev/null; for _ in $(seq 300); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
                    kill -9 "$2" 2>/dev/null; rm -rf "$3"' _ "$watch_pid" "$pid" "$dir" \
      >/dev/null 2>&1 </dev/null &
  fi

  local url="http://127.0.0.1:$port"
  await_http "$url" "$pid" "$dir" || { stop_dir "$dir"; die "Home Assistant did not start (port $port)"; }
  # Onboarding (the owner), a long-lived token and the MQTT config entry, through Home Assistant's own APIs.
  local token
  token=$("$python" "$HELPERS/onboard.py" --url "$url" --password "$(random_hex 12)" \
      --mqtt-host "$mqtt_host" --mqtt-port "$mqtt_port" --mqtt-user "$mqtt_user" --mqtt-password "$mqtt_password") \
    || { tail -n 30 "$dir/home-assistant.log" >&2 2>/dev/null; stop_dir "$dir"; die "onboarding through $url failed"; }

  echo "HA_URL=$url"
  echo "HA_TOKEN=$token"
  echo "HA_DIR=$dir"
  echo "HA_PID=$pid"
}

stop_dir() {
  local dir=$1 pid
  [ -d "$dir" ] || die "stop: no directory $dir"
  if [ -f "$dir/homeassistant.pid" ]; then
    pid=$(cat "$dir/homeassistant.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

stop() {
  local dir=${HA_DIR:-}
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) dir=${2:?--dir needs a value}; shift 2 ;;
      *) die "stop: unknown option $1" ;;
    esac
  done
  [ -n "$dir" ] || die "stop: say which one: --dir D (or HA_DIR from start)"
  stop_dir "$dir"
}

case ${1:-} in
  ensure) shift; ensure "$@" ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,37p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
