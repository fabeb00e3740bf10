#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI (pinned, installed from npm into target/ on first use).
#   lint.sh FILE.json     (the suite's OpenApiDocumentTest writes /q/openapi to target/openapi.json and runs this)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
VERSION=2.77.0
TOOLS=$ROOT/target/redocly-$VERSION
if [ ! -x "$TOOLS/node_modules/.bin/redocly" ]; then
  mkdir -p "$TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "@redocly/cli@$VERSION" >&2
fi
exec "$TOOLS/node_modules/.bin/redocly" lint --config "$ROOT/deploy/check/openapi/redocly.yaml" --format stylish "$1"
