#!/bin/sh
# Drawing-fidelity benchmark: traces MNIST test digits on the real page in the system's headless
# Chromium (mouse strokes along the ink: row runs and skeleton polylines, at 35/65/100 % of the
# pad's side, seeded positions) and prints, per mode and size, the mean IoU of the page's 14x14
# input against MNIST's own and how often the reconstruction keeps its label (see README.md).
# Usage (from anywhere): webapp/bench/fidelity-bench.sh [digits] [data-dir]
#   digits: MNIST test digits to trace (default 300); data-dir: MNIST IDX files (default data/mnist,
#   from: ./mvnw -q -pl trainer -am package -DskipTests && java -jar trainer/target/trainer.jar fetch-data)
# Environment: SEED (1), PAGES traced at once (4), DEVICE_SCALE factor (1); extra Maven options via MVN_ARGS.
# The project's own artifacts are installed into target/bench-m2 (the rest is read from ~/.m2), so
# the page measured is this checkout's even when other checkouts install into ~/.m2 meanwhile.
# Needs /usr/bin/chromium (Debian: apt-get install -y chromium). 300 digits: at least 5 minutes
# (each mouse move waits for an animation frame), 12-19 minutes on a busy 2-core machine.
set -e
cd "$(dirname "$0")/../.."
digits="${1:-300}"
data="${2:-data/mnist}"
case "$data" in /*) ;; *) data="$(pwd)/$data" ;; esac
repo="-Dmaven.repo.local=$(pwd)/target/bench-m2 -Dmaven.repo.local.tail=${HOME}/.m2/repository"
# the server's test classes with the model library and compiled client they need, then the benchmark
./mvnw -q -B -pl webapp/server -am $repo ${MVN_ARGS:-} install -DskipTests
exec ./mvnw -q -B -pl webapp/server $repo ${MVN_ARGS:-} exec:java \
  -Dexec.mainClass=org.vaedigits.browser.FidelityBenchmark -Dexec.classpathScope=test \
  -Dexec.args="$digits $data ${SEED:-1} ${PAGES:-4} ${DEVICE_SCALE:-1} $(pwd)/models"
