#!/bin/bash
# Start script of the Home Assistant add-on: turns /data/options.json and, when the Supervisor offers one, its MQTT
# service (the Mosquitto add-on's broker and user) into the service's environment, then runs the service as the
# image's user "correlator". The JSON is read by io.energycorrelator.addon.AddonEnvironment (the image has no JSON
# tool). Secrets (the InfluxDB token, the MQTT password, the Supervisor's token) never stand in a command line.
set -euo pipefail
cd /app

options=${ADDON_OPTIONS_FILE:-/data/options.json}
[ -r "$options" ] || { echo "energy-correlator add-on: cannot read $options (the add-on's options)" >&2; exit 2; }

mqtt_service=""
if [ -n "${SUPERVISOR_TOKEN:-}" ]; then
  # 200 with the broker when an add-on (Mosquitto) provides the service; an error answer otherwise.
  if ! mqtt_service=$(printf 'Authorization: Bearer %s\n' "$SUPERVISOR_TOKEN" \
      | curl -fsS --max-time 10 -H @- http://supervisor/services/mqtt 2>/dev/null); then
    echo "energy-correlator add-on: the Supervisor offers no MQTT service (no Mosquitto add-on?)" >&2
    mqtt_service=""
  fi
fi

# A short-lived JVM with a small heap; its export lines go to eval, its summary (variable names only) to the log.
environment=$(printf '%s' "$mqtt_service" \
  | java -Xmx32m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp energy-correlator.jar io.energycorrelator.addon.AddonEnvironment "$options" -)
unset mqtt_service
eval "$environment"
unset environment

export HOME=/app
exec setpriv --reuid=correlator --regid=correlator --init-groups sh -c 'exec java $JAVA_OPTS -jar energy-correlator.jar'
