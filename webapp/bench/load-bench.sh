#!/bin/sh
# Load benchmark of the server on loopback: starts `java -jar webapp/target/webapp.jar` as its own
# process on a free port and prints requests/s, p50/p99 latency, errors and the server's RSS before
# and after (see webapp/bench/README.md). Bounded in requests (default 20,000) and time (120 s).
# Usage (from anywhere): webapp/bench/load-bench.sh [options], e.g.
#   webapp/bench/load-bench.sh                                   # 50 clients, 20,000 requests: page, client files, list, model
#   webapp/bench/load-bench.sh --models /tmp/many --prepare-copies 2000 --scenario path --path /
#   webapp/bench/load-bench.sh --models /tmp/big --prepare-big --scenario path --path /models/big.json --requests 200
#   webapp/bench/load-bench.sh --scenario events --requests 30000 --seconds 60
#   webapp/bench/load-bench.sh --scenario slow --seconds 60
# --jar FILE measures another build of the server (e.g. one of main kept elsewhere); --help lists every option.
# Set SKIP_BUILD=1 to reuse the built jar and test classes.
set -e
cd "$(dirname "$0")/../.."
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -pl webapp/server -am ${MVN_ARGS:-} install -DskipTests
fi
# the benchmark's arguments, quoted for exec:java (none of them hold a space or quote)
exec ./mvnw -q -B -pl webapp/server ${MVN_ARGS:-} exec:java \
  -Dexec.mainClass=org.vaedigits.server.LoadBenchmark -Dexec.classpathScope=test \
  -Dexec.args="$*"
