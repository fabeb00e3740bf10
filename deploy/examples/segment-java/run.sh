#!/usr/bin/env bash
# Sends one of each Segment call with the official Java library (com.segment.analytics.java:analytics) to the service.
#   BASE=http://localhost:8080 WRITE_KEY=wk_… bash deploy/examples/segment-java/run.sh
# Needs Java 17; the library comes from Maven Central through the repository's Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../../.. && pwd)
if [ -z "${WRITE_KEY:-}" ]; then
  echo "Set WRITE_KEY: POST /v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/write-keys creates one (README, SDKs and the Segment tracking API)." >&2
  exit 2
fi
mkdir -p target
if [ ! -s target/classpath.txt ] || [ pom.xml -nt target/classpath.txt ]; then
  "$ROOT/mvnw" -q -B -f pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
fi
exec java -cp "$(cat target/classpath.txt)" Send.java
