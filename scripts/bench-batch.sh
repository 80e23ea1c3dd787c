#!/usr/bin/env bash
# Batch benchmark (README "Performance"): generate N synthetic households (default 1,000,000),
# evaluate them with `avp batch` (full 2025 model, trace off, JSONL in and out, every core) under
# /usr/bin/time -v, and print households/s and peak memory; once more with the output discarded
# (--out /dev/null, the engine without the disk); then time `avp eval` of one household from a
# cold start (hyperfine if installed, else a loop).
#
#   scripts/bench-batch.sh [N]            e.g. scripts/bench-batch.sh 100000
#   WERK=/tmp/avp-bench SEED=1 JAAR=2025 RAYON_NUM_THREADS=2 scripts/bench-batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=${SEED:-1}
JAAR=${JAAR:-2025}
WERK=${WERK:-$(mktemp -d)}
mkdir -p "$WERK"
cargo build --release -p avp-cli >&2
AVP=target/release/avp

echo "== avp generate --count $N --seed $SEED --year $JAAR"
start=$(date +%s.%N)
"$AVP" generate --count "$N" --seed "$SEED" --year "$JAAR" > "$WERK/populatie.jsonl"
eind=$(date +%s.%N)
echo "   $(du -h "$WERK/populatie.jsonl" | cut -f1) in $(echo "$eind - $start" | bc) s"

echo "== avp batch (threads: ${RAYON_NUM_THREADS:-all cores = $(nproc)})"
set +e
/usr/bin/time -v "$AVP" batch "$WERK/populatie.jsonl" --out "$WERK/beslissingen.jsonl" \
    --errors "$WERK/fouten.jsonl" 2> "$WERK/batch.stderr"
code=$?
set -e
grep -v '^\s' "$WERK/batch.stderr" | grep -v '^Command' || true
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WERK/batch.stderr" |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WERK/batch.stderr")
cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$WERK/batch.stderr")
echo "   exit $code; $N households in ${wall} s = $(echo "$N / $wall" | bc) households/s;" \
     "peak RSS $(echo "$rss / 1024" | bc) MB; CPU $cpu"
echo "   output $(du -h "$WERK/beslissingen.jsonl" | cut -f1), $(wc -l < "$WERK/fouten.jsonl") error lines"

# The same run with the decisions discarded: what the engine does without this machine's disk
# (writing ~2 KB per decision to a file costs kernel and writeback time on the same cores).
echo "== avp batch --out /dev/null (no disk output)"
/usr/bin/time -v "$AVP" batch "$WERK/populatie.jsonl" --out /dev/null 2> "$WERK/batch-null.stderr" || true
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WERK/batch-null.stderr" |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$WERK/batch-null.stderr")
echo "   $N households in ${wall} s = $(echo "$N / $wall" | bc) households/s; CPU $cpu"

echo "== avp eval, one household, cold start"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 3 --runs 30 "$AVP eval examples/doelgroep-wia.json"
else
    runs=30
    "$AVP" eval examples/doelgroep-wia.json > /dev/null
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$AVP" eval examples/doelgroep-wia.json > /dev/null; done
    eind=$(date +%s%N)
    echo "   mean of $runs runs: $(( (eind - start) / runs / 1000000 )) ms"
fi
echo "(files in $WERK)"
