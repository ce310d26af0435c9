#!/usr/bin/env bash
# The benchmark harness, in one command: Meridian beside the yardstick of its own stack (the same
# Vert.x server, Kafka producer and Redis client with nothing else, bench/Yardstick.java) on the
# production topology: a standalone KRaft broker in its own JVM, this machine's PostgreSQL with
# fsync on (a database of its own, dropped and made anew) and its Redis (dbs 5 and 7, flushed).
# Every scenario runs the same wrk script with the same settings against both; the table goes to
# standard output and, with the figures, to target/bench/. BENCHMARKS.md leads with it.
#   bash load-tests/bench.sh                       # 15 s a scenario, 64 connections
#   bash load-tests/bench.sh --seconds 5 --check load-tests/bench-baseline.json   # CI's guard
# Other options: bench/bench.py --help. Needs java, wrk, psql, redis-cli and python3; PostgreSQL
# on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379. Stops what it starts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The jar is built again when any source, resource or the pom is newer: a benchmark of a stale
# jar measures code that is no longer there.
if [ ! -f target/meridian.jar ] || [ -n "$(find pom.xml src/main -newer target/meridian.jar -print -quit)" ]; then
  ./mvnw -q package -DskipTests
fi
mkdir -p target/bench
# Compile scope with provided: the Vert.x, Kafka-client and Redis jars, and the broker's.
./mvnw -q dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=target/bench/classpath.txt >/dev/null
exec python3 load-tests/bench/bench.py --classpath target/bench/classpath.txt "$@"
