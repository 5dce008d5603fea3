#!/usr/bin/env bash
# Runs the service against a local, real InfluxDB with a simulated household writing demo data.
# Ctrl-C stops both. Nothing here needs Docker: InfluxDB comes from scripts/influxdb.sh (built on first use).
# The service starts from the class-data-sharing archive the build makes (pom.xml: faster start, less memory).
#   PORT=8016 scripts/demo.sh [--mqtt]
# --mqtt: also starts a local Mosquitto (scripts/mosquitto.sh, with a user and password) and publishes the Home
#         Assistant sensors to it.
set -euo pipefail
cd "$(dirname "$0")/.."

mqtt=false
for arg in "$@"; do
  case $arg in
    --mqtt) mqtt=true ;;
    *) echo "usage: scripts/demo.sh [--mqtt]" >&2; exit 2 ;;
  esac
done

# The demo household is not in the service's jar: the build puts it in target/demo-extensions/, handed to the
# service as its extensions folder.
[ -f target/energy-correlator.jar ] && [ -f target/demo-extensions/energy-correlator-demo.jar ] \
  || ./mvnw -B -q package -DskipTests

echo "Starting a local InfluxDB (the first run builds it: see docs/development.md)..." >&2
eval "$(scripts/influxdb.sh start --watch-pid $$)"
trap 'scripts/influxdb.sh stop --data-dir "$INFLUXDB_DATA_DIR"' EXIT
echo "InfluxDB $INFLUXDB_URL, org $INFLUXDB_ORG, bucket $INFLUXDB_BUCKET" >&2

# The token goes to the service through a file, the way a Docker secret would.
token_file="$INFLUXDB_DATA_DIR/token"
(umask 077 && printf '%s' "$INFLUXDB_TOKEN" >"$token_file")

mqtt_env=()
if $mqtt; then
  # The broker goes when this script ends (--watch-pid); the password reaches the service as a file.
  mqtt_password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  eval "$(scripts/mosquitto.sh start --user energy-correlator --password "$mqtt_password" --watch-pid $$)"
  (umask 077 && printf '%s' "$mqtt_password" >"$MQTT_DIR/mqtt-password")
  mqtt_env=(MQTT_URL="$MQTT_URL" MQTT_USERNAME=energy-correlator MQTT_PASSWORD_FILE="$MQTT_DIR/mqtt-password"
            MQTT_PUBLISH_INTERVAL=10)
  echo "Home Assistant sensors on Mosquitto $MQTT_URL: a device's appear once its profile is confident (two of its" >&2
  echo "switchings the same way; some minutes). Watch them with:" >&2
  echo "  mosquitto_sub -h 127.0.0.1 -p $MQTT_PORT -u energy-correlator -P \"\$(cat $MQTT_DIR/mqtt-password)\" -v -t 'homeassistant/#' -t 'energy-correlator/#'" >&2
fi

# The demo's meter writes in real time, never late: a short grace lets its steps show within a minute.
echo "Dashboard: http://localhost:${PORT:-8016}/ (the demo house's first steps appear within a minute or two)" >&2
echo "Also: http://localhost:${PORT:-8016}/health, /statistics and /observe/metrics (Prometheus)" >&2
env -u INFLUXDB_TOKEN INFLUXDB_URL="$INFLUXDB_URL" INFLUXDB_TOKEN_FILE="$token_file" \
  INFLUXDB_ORG="$INFLUXDB_ORG" INFLUXDB_BUCKET="$INFLUXDB_BUCKET" HTTP_PORT="${PORT:-8016}" \
  PROCESSING_INTERVAL="${PROCESSING_INTERVAL:-10}" FIRST_CYCLE_DELAY=10 ${mqtt_env[@]+"${mqtt_env[@]}"} \
  LATE_DATA_GRACE_SECONDS="${LATE_DATA_GRACE_SECONDS:-5}" \
  ROUTES_INCLUDE_PATTERN='file:routes/*.camel.yaml,file:routes/demo/*.camel.yaml' \
  EXTENSIONS_DIR=target/demo-extensions \
  java -XX:SharedArchiveFile=target/energy-correlator.jsa -jar target/energy-correlator.jar
