#!/usr/bin/env bash
# Measures the step estimators and the device profiles' daily energy on a seeded simulated house and on real
# data (UK-DALE house 1, in src/test/resources/ukdale-house1/), prints the tables and rewrites
# docs/accuracy.md. No server, no network beyond Maven's own.
#   scripts/accuracy.sh [output.md]
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.energycorrelator.estimate.AccuracyReport "${1:-docs/accuracy.md}"
