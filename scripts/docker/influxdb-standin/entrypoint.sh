#!/bin/bash
# TEST FIXTURE ONLY. Entrypoint of the stand-in for the official influxdb:2.x image that
# scripts/compose-test.sh builds when no image registry can be reached. Never deploy it.
#
# It runs a real influxd (the binary scripts/influxdb.sh provides) and does what the official image
# documents for DOCKER_INFLUXDB_INIT_MODE=setup: on the first start only (no bolt file in the data
# directory yet) it starts influxd on a loopback port, onboards it through POST /api/v2/setup with
# DOCKER_INFLUXDB_INIT_USERNAME, _PASSWORD (or _PASSWORD_FILE), _ORG, _BUCKET and _ADMIN_TOKEN (or
# _ADMIN_TOKEN_FILE), infinite retention, stops it, and then runs influxd for real on :8086.
# Anything of the official entrypoint beyond that (upgrade mode, init scripts, retention periods,
# config files) is refused loudly or absent.
set -euo pipefail

export INFLUXD_BOLT_PATH=${INFLUXD_BOLT_PATH:-/var/lib/influxdb2/influxd.bolt}
export INFLUXD_ENGINE_PATH=${INFLUXD_ENGINE_PATH:-/var/lib/influxdb2/engine}
export INFLUXD_SQLITE_PATH=${INFLUXD_SQLITE_PATH:-/var/lib/influxdb2/influxd.sqlite}
export INFLUXD_REPORTING_DISABLED=${INFLUXD_REPORTING_DISABLED:-true}

die() { echo "influxdb stand-in: $*" >&2; exit 1; }
log() { echo "influxdb stand-in: $*" >&2; }

# file_env NAME: NAME's value, or the content of the file NAME_FILE names (trailing newlines dropped,
# as the official image's $(cat ...) does); both set is an error.
file_env() {
  local name=$1 file_name=${1}_FILE
  local value=${!name:-} file=${!file_name:-}
  if [ -n "$value" ] && [ -n "$file" ]; then die "both $name and $file_name are set"; fi
  if [ -n "$file" ]; then
    [ -r "$file" ] || die "$file_name=$file is not a readable file"
    value=$(cat "$file")
  fi
  printf -v "$name" '%s' "$value"
}

json_string() {  # a JSON string literal; control characters are refused
  local s=$1
  [[ $s != *[[:cntrl:]]* ]] || die "a DOCKER_INFLUXDB_INIT_* value holds a control character"
  s=${s//\\/\\\\}; s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

setup() {
  file_env DOCKER_INFLUXDB_INIT_PASSWORD
  file_env DOCKER_INFLUXDB_INIT_ADMIN_TOKEN
  local v
  for v in DOCKER_INFLUXDB_INIT_USERNAME DOCKER_INFLUXDB_INIT_PASSWORD DOCKER_INFLUXDB_INIT_ORG DOCKER_INFLUXDB_INIT_BUCKET; do
    [ -n "${!v:-}" ] || die "DOCKER_INFLUXDB_INIT_MODE=setup needs $v"
  done
  [ -z "${DOCKER_INFLUXDB_INIT_RETENTION:-}" ] || die "DOCKER_INFLUXDB_INIT_RETENTION is not supported by this stand-in (infinite retention only)"

  local port=9999 url=http://127.0.0.1:9999 pid waited=0
  log "first start: onboarding org '$DOCKER_INFLUXDB_INIT_ORG', bucket '$DOCKER_INFLUXDB_INIT_BUCKET'"
  influxd --http-bind-address "127.0.0.1:$port" --log-level warn &
  pid=$!
  until curl -fsS -o /dev/null "$url/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "influxd exited during the setup start"
    (( waited++ < 600 )) || { kill "$pid"; die "influxd did not answer $url/health within 60 s"; }
    sleep 0.1
  done
  local body
  body="{\"username\":$(json_string "$DOCKER_INFLUXDB_INIT_USERNAME"),\"password\":$(json_string "$DOCKER_INFLUXDB_INIT_PASSWORD")"
  body+=",\"org\":$(json_string "$DOCKER_INFLUXDB_INIT_ORG"),\"bucket\":$(json_string "$DOCKER_INFLUXDB_INIT_BUCKET")"
  [ -z "$DOCKER_INFLUXDB_INIT_ADMIN_TOKEN" ] || body+=",\"token\":$(json_string "$DOCKER_INFLUXDB_INIT_ADMIN_TOKEN")"
  body+=",\"retentionPeriodSeconds\":0}"
  # The body (password, token) goes through standard input, never a command line; the answer
  # (which holds the token) is discarded.
  if ! printf '%s' "$body" | curl -fsS -o /dev/null -X POST "$url/api/v2/setup" \
      -H 'Content-Type: application/json' --data-binary @-; then
    kill "$pid"; wait "$pid" || true
    die "onboarding through POST /api/v2/setup failed"
  fi
  kill "$pid"
  wait "$pid" || true
  log "onboarded"
}

case ${DOCKER_INFLUXDB_INIT_MODE:-} in
  "") ;;
  setup)
    if [ -e "$INFLUXD_BOLT_PATH" ]; then log "data directory already set up: no onboarding"; else setup; fi ;;
  *) die "DOCKER_INFLUXDB_INIT_MODE=$DOCKER_INFLUXDB_INIT_MODE is not supported by this stand-in (setup only)" ;;
esac

exec influxd "$@"
