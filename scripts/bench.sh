#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): starts its own real InfluxDB, generates seeded synthetic data,
# measures live cycles (1k/10k/100k state changes), the per-event approach, a 30-day backfill at
# -Xmx160m and the floor, prints the table and rewrites docs/benchmarks.md. About 5-10 minutes.
#   scripts/bench.sh [output.md]
# Aids: BENCH_LIVE_ONLY=10000 BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=target/live.jfr scripts/bench.sh
# profiles one live cycle; BENCH_BACKFILL_ONLY=1 runs the backfill alone (service settings: the Dockerfile's).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
eval "$(scripts/influxdb.sh start --watch-pid $$)"
trap 'scripts/influxdb.sh stop --data-dir "$INFLUXDB_DATA_DIR"' EXIT
export INFLUXDB_URL INFLUXDB_TOKEN INFLUXDB_ORG
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.energycorrelator.bench.Benchmark "${1:-docs/benchmarks.md}"
