#!/usr/bin/env bash
# Provides a real Mosquitto MQTT broker on loopback, for the MQTT output's test and for trying the
# example output by hand (docs/outputs.md).
#
#   scripts/mosquitto.sh ensure                print the path of mosquitto (installs mosquitto and
#                                              mosquitto-clients with apt-get when missing)
#   scripts/mosquitto.sh start [options]       start a fresh broker; print eval-able lines
#   scripts/mosquitto.sh stop  [--dir D]       stop it and remove its directory
#
# start options:
#   --port N                 loopback port (default: a free one)
#   --dir D                  directory for its configuration, password file and log (default: a new
#                            temporary one); removed by `stop`
#   --user U --password P    accept only this user (default: anonymous clients)
#   --watch-pid P            stop the broker and remove its directory when process P ends (e.g. a test
#                            JVM that was killed before it could stop the broker itself)
set -euo pipefail

die() { echo "mosquitto.sh: $*" >&2; exit 1; }
log() { echo "mosquitto.sh: $*" >&2; }

# --- ensure -----------------------------------------------------------------------------------

# Debian installs the broker in /usr/sbin, which is not on every PATH.
find_broker() { PATH=$PATH:/usr/sbin:/usr/local/sbin command -v mosquitto 2>/dev/null; }

ensure() {
  local broker
  if broker=$(find_broker) && command -v mosquitto_sub >/dev/null && command -v mosquitto_pub >/dev/null; then
    echo "$broker"; return
  fi
  command -v apt-get >/dev/null || die "mosquitto and mosquitto-clients are needed and apt-get is missing"
  log "installing mosquitto and mosquitto-clients with apt-get"
  # One install at a time (two test JVMs may ask at once); apt-get holds its own lock too, but fails on it.
  exec 9>"${TMPDIR:-/tmp}/energy-correlator-mosquitto-install.lock"
  flock 9
  if ! { find_broker >/dev/null && command -v mosquitto_sub >/dev/null; }; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        mosquitto mosquitto-clients; } >&2 || die "apt-get install mosquitto mosquitto-clients failed"
  fi
  broker=$(find_broker) || die "mosquitto is still missing after apt-get install"
  echo "$broker"
}

# --- start / stop -----------------------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local port="" dir="" user="" password="" watch_pid=""
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port needs a value}; shift 2 ;;
      --dir) dir=${2:?--dir needs a value}; shift 2 ;;
      --user) user=${2:?--user needs a value}; shift 2 ;;
      --password) password=${2:?--password needs a value}; shift 2 ;;
      --watch-pid) watch_pid=${2:?--watch-pid needs a value}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  if { [ -n "$user" ] && [ -z "$password" ]; } || { [ -z "$user" ] && [ -n "$password" ]; }; then
    die "start: --user and --password go together"
  fi
  local broker; broker=$(ensure)
  [ -n "$port" ] || port=$(free_port)
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-mosquitto.XXXXXX")
  else [ -e "$dir/mosquitto.pid" ] && die "$dir already holds a broker (mosquitto.pid)"; mkdir -p "$dir"; fi
  dir=$(cd "$dir" && pwd)

  {
    echo "listener $port 127.0.0.1"
    # Started as root, mosquitto would switch to user "mosquitto", who cannot read this directory.
    echo "user $(id -un)"
    echo "persistence false"
    echo "log_dest file $dir/mosquitto.log"
    echo "log_type error"
    echo "log_type warning"
    echo "log_type notice"
    if [ -n "$user" ]; then
      echo "allow_anonymous false"
      echo "password_file $dir/passwords"
    else
      echo "allow_anonymous true"
    fi
  } >"$dir/mosquitto.conf"
  if [ -n "$user" ]; then
    (umask 077 && : >"$dir/passwords")
    mosquitto_passwd -b "$dir/passwords" "$user" "$password" \
      || { rm -rf "$dir"; die "mosquitto_passwd could not write $dir/passwords"; }
  fi

  # setsid: the broker outlives this script and is not killed with the caller's process group.
  setsid "$broker" -c "$dir/mosquitto.conf" >>"$dir/mosquitto.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/mosquitto.pid"

  local waited=0
  until listening "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/mosquitto.log" >&2; rm -rf "$dir"; die "mosquitto exited during start-up (port $port)"
    fi
    (( waited++ < 100 )) || { stop_dir "$dir"; die "mosquitto did not listen on 127.0.0.1:$port within 10 s"; }
    sleep 0.1
  done

  if [ -n "$watch_pid" ]; then
    # A watchdog in its own session: when the owner dies, however it dies, the broker goes too.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
                    kill "$2" 2>/dev/null; for _ in $(seq 50); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
                    kill -9 "$2" 2>/dev/null; rm -rf "$3"' _ "$watch_pid" "$pid" "$dir" \
      >/dev/null 2>&1 </dev/null &
  fi

  echo "MQTT_URL=tcp://127.0.0.1:$port"
  echo "MQTT_PORT=$port"
  echo "MQTT_DIR=$dir"
  echo "MQTT_PID=$pid"
}

stop_dir() {
  local dir=$1 pid
  [ -d "$dir" ] || die "stop: no directory $dir"
  if [ -f "$dir/mosquitto.pid" ]; then
    pid=$(cat "$dir/mosquitto.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

stop() {
  local dir=${MQTT_DIR:-}
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) dir=${2:?--dir needs a value}; shift 2 ;;
      *) die "stop: unknown option $1" ;;
    esac
  done
  [ -n "$dir" ] || die "stop: say which broker: --dir D (or MQTT_DIR from start)"
  stop_dir "$dir"
}

case ${1:-} in
  ensure) shift; ensure "$@" ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
