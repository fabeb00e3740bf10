#!/usr/bin/env bash
# Replays an operator's bad day against the local stack and prints what it cost (not part of ./mvnw verify: it takes
# about four minutes and restarts the stack's service and broker). Two instances of the service (the stack's, and a
# second one on --second-port, 8081) take a steady HTTP load (--rate, 1000 events/s) while, --phase seconds apart (25):
#   kill -9 of the stack's instance, then its restart; SIGTERM of the second, then its restart;
#   the Kafka broker stopped for 5 s and started again; PostgreSQL refusing and cutting the database's connections for 8 s.
# Reports, per fault, the longest time a partition's events waited unstored and the answers partners got, then lost
# and duplicated events over the run (also written to target/bench/chaos-*.txt).
#   bash deploy/measure/chaos/run.sh [--rate N] [--phase S] [--second-port P]
set -euo pipefail
exec bash "$(dirname "$0")/../bench/run.sh" ChaosRun "$@"
