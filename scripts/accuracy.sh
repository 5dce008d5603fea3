#!/usr/bin/env bash
# Measures how well the service reads steps and values daily energy, and rewrites docs/accuracy.md:
#  1. ten real REFIT houses (src/test/resources/refit-day/) through the packaged service, as a user would run
#     it: a real InfluxDB (scripts/influxdb.sh) holding each house as Home Assistant writes it, the service's
#     backfill (POST /backfill) with the `aligned` and `profile` estimators, its output read back and scored
#     against the appliances' own channels (io.energycorrelator.accuracy.RefitReport);
#  2. the step rules in-process on a seeded simulated house and on UK-DALE house 1 (src/test/resources/ukdale-house1/),
#     no server (io.energycorrelator.estimate.AccuracyReport).
# Prints the tables and the time each part took: 5.5–7.5 minutes measured on two cores shared with other
# builds (load average 14–18), 3.5 minutes of CPU, once influxd is built.
#   scripts/accuracy.sh [output.md]
# REFIT_PARALLEL=N runs N services side by side (default 2); REFIT_METER_ROWS=every-sample writes every meter sample
# of the REFIT houses (default on-change: one row each time the value changes, as Home Assistant records a sensor).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
classpath="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
built=$SECONDS

eval "$(scripts/influxdb.sh start --watch-pid $$)"
trap 'scripts/influxdb.sh stop --data-dir "$INFLUXDB_DATA_DIR"' EXIT
export INFLUXDB_URL INFLUXDB_TOKEN INFLUXDB_ORG
java -cp "$classpath" io.energycorrelator.accuracy.RefitReport target/accuracy-refit.md
refit=$SECONDS

java -cp "$classpath" io.energycorrelator.estimate.AccuracyReport "${1:-docs/accuracy.md}" target/accuracy-refit.md
echo "scripts/accuracy.sh took $((SECONDS - started)) s: build $((built - started)) s, InfluxDB and the REFIT houses" \
  "$((refit - built)) s, the simulated house and UK-DALE $((SECONDS - refit)) s"
