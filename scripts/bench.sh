#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): starts its own real InfluxDB, generates seeded synthetic data, and
# measures, each in its own JVM with the Dockerfile's settings: live cycles of the service against the
# plain-Java reference at 10 (a quiet minute), 100, 1,000 and 10,000 state changes (first cycle after start, warm, peak RSS;
# three repetitions), a profiled run, 100,000 state changes in one cycle and caught up at the default cap,
# a 30-day backfill and its floor. Prints the figures and rewrites docs/benchmarks.md. About 10 minutes.
#   scripts/bench.sh [output.md]
# Many homes in one process: BENCH_ONLY=homes (not part of the full run: about 25 minutes) runs 1, 10, 100 and 1,000
# homes (BENCH_HOMES) at CYCLE_THREADS=2 and the largest also at 8 (BENCH_HOMES_THREADS), BENCH_HOMES_INTERVAL=20 s
# between cycles (60 s from 500 homes), a run out of heap again at -Xmx BENCH_HOMES_HEAP=1g, and rewrites only its
# own section of the output ("Many homes").
# Aids (no report): BENCH_ONLY=live|profile|scaling|backfill runs one part; BENCH_SIZES=10000 BENCH_REPEATS=1
# shape the live part; BENCH_PROFILE_EVENTS=100 sizes the profiled run (10000); BENCH_SERVICE_OPTS / BENCH_REFERENCE_OPTS add JVM flags to the measured processes.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
eval "$(scripts/influxdb.sh start --watch-pid $$)"
trap 'scripts/influxdb.sh stop --data-dir "$INFLUXDB_DATA_DIR"' EXIT
export INFLUXDB_URL INFLUXDB_TOKEN INFLUXDB_ORG INFLUXDB_PID
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.energycorrelator.bench.Benchmark "${1:-docs/benchmarks.md}"
