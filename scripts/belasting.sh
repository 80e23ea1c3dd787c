#!/usr/bin/env bash
# Load test of `avp serve` (issue 20; README "avp serve"): a release server on loopback, then
# 20,000 requests POST /v1/beoordeel from 64 concurrent clients (cli/examples/belasting.rs);
# throughput, p50/p99 latency, errors, and the server's memory over the run. Bounded in count
# and time (300 s); the server is stopped at the end.
#
#   scripts/belasting.sh [AANTAL] [CLIENTS] [RECORD.json]
set -euo pipefail
cd "$(dirname "$0")/.."
AANTAL=${1:-20000}
CLIENTS=${2:-64}
RECORD=${3:-examples/doelgroep-wia.json}
POORT=${POORT:-18282}
cargo build -q --release -p avp-cli --example belasting
cargo build -q --release -p avp-cli
. scripts/server.sh
start_server "${CARGO_TARGET_DIR:-target}"/release/avp "$POORT"
echo "== $AANTAL verzoeken POST /v1/beoordeel ($RECORD), $CLIENTS clients, $(nproc) cores; belasting vooraf: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   server na het laden: $(grep VmRSS /proc/$SERVER/status)"
"${CARGO_TARGET_DIR:-target}"/release/examples/belasting "127.0.0.1:$POORT" "$SERVER" "$RECORD" "$AANTAL" "$CLIENTS"
kill -TERM $SERVER
wait $SERVER 2> /dev/null || true
