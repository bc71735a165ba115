#!/bin/sh
# Measures the browser client in the system's headless Chromium against the real server and prints:
# batch-1 decode rate of the TeaVM-compiled decoder vs a hand-written JS decoder (same page, same
# weights) and their ratio, first samples after navigation start on reloads with the cache disabled,
# and the compiled client's gzipped size.
# Usage (from anywhere): webapp/bench/browser-bench.sh [models-dir] [reloads]
# Extra Maven options via MVN_ARGS, e.g. MVN_ARGS=-Dwebapp.buildDir=target-x.
# Needs /usr/bin/chromium (Debian: apt-get install -y chromium). Takes about a minute.
set -e
cd "$(dirname "$0")/../.."
models="${1:-models}"
reloads="${2:-15}"
case "$models" in /*) ;; *) models="$(pwd)/$models" ;; esac
# the server's test classes with the model library and compiled client they need, then the benchmark
./mvnw -q -B -pl webapp/server -am ${MVN_ARGS:-} install -DskipTests
exec ./mvnw -q -B -pl webapp/server ${MVN_ARGS:-} exec:java \
  -Dexec.mainClass=org.vaedigits.browser.BrowserBenchmark -Dexec.classpathScope=test \
  -Dexec.args="$models $reloads"
