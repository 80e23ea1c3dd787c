#!/usr/bin/env bash
# Validate `avp serve`'s /openapi.json as OpenAPI 3.x with openapi-spec-validator (PyPI; installed
# into a virtual environment under target/ on first use). Skips, and says so, without python3.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 > /dev/null; then
    echo "openapi-check: overgeslagen, python3 ontbreekt"
    exit 0
fi
VENV=target/openapi-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q openapi-spec-validator
fi
cargo build -q -p avp-cli
POORT=${POORT:-18484}
. scripts/server.sh
start_server "${CARGO_TARGET_DIR:-target}"/debug/avp "$POORT"
curl -sf "http://127.0.0.1:$POORT/openapi.json" | "$VENV/bin/python" -c '
import json, sys
from openapi_spec_validator import validate
d = json.load(sys.stdin)
validate(d)
print("openapi-check: /openapi.json is geldig OpenAPI", d["openapi"], "(%d paden)" % len(d["paths"]))
'
