#!/usr/bin/env bash
# Batch benchmark (README "Performance"): generate N synthetic households (default 1,000,000),
# evaluate them with `avp batch` (full 2025 model, trace off, JSONL in and out, every core) under
# /usr/bin/time -v, and print households/s and peak memory; once more with the output discarded
# (--out /dev/null, the engine without the disk); then time `avp eval` of one household from a
# cold start (hyperfine if installed, else a loop).
#
#   scripts/bench-batch.sh [N]            e.g. scripts/bench-batch.sh 100000
#   WERK=/tmp/avp-bench SEED=1 JAAR=2025 RUNS=5 RAYON_NUM_THREADS=2 scripts/bench-batch.sh
#   PGO=0 scripts/bench-batch.sh          the plain release build instead of the PGO build
#   AVP=target/pgo/release/avp scripts/bench-batch.sh   measure a binary already built (no build)
# The batch to a file runs RUNS times (default 3; median reported, output compared between runs);
# with valgrind installed, the instructions per household are counted too (host-independent).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=${SEED:-1}
JAAR=${JAAR:-2025}
WERK=${WERK:-$(mktemp -d)}
mkdir -p "$WERK"
# The binary measured is the profile-guided release build (scripts/bouw-pgo.sh), as avp is
# shipped for production; PGO=0 measures the plain `cargo build --release` instead.
if [ -n "${AVP:-}" ]; then
    # AVP=path: measure a binary already built (e.g. target/pgo/release/avp), no build
    :
elif [ "${PGO:-1}" = 0 ]; then
    cargo build --release -p avp-cli >&2
    AVP="${CARGO_TARGET_DIR:-target}"/release/avp
else
    AVP=$(scripts/bouw-pgo.sh)
fi
echo "== binary: $AVP"
# The same instructions take very different seconds on different hosts (session 19's cores ran
# at about half session 18's speed): name the host with the figures, and its load per run.
echo "== host: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)," \
     "$(awk -F': ' '/cpu MHz/ {printf "%.0f MHz", $2; exit}' /proc/cpuinfo 2>/dev/null || true)"

echo "== avp generate --count $N --seed $SEED --jaar $JAAR"
start=$(date +%s.%N)
"$AVP" generate --count "$N" --seed "$SEED" --jaar "$JAAR" > "$WERK/populatie.jsonl"
eind=$(date +%s.%N)
echo "   $(du -h "$WERK/populatie.jsonl" | cut -f1) in $(echo "$eind - $start" | bc) s"

# The host's load moves wall-clock figures by up to 40% from one minute to the next, so the
# batch runs RUNS times (default 3); the median counts. CPU µs per household (user + system time
# over all threads / N) moves with the host too, but less.
RUNS=${RUNS:-3}
echo "== avp batch, $RUNS runs (threads: ${RAYON_NUM_THREADS:-all cores = $(nproc)})"
secs=()
rm -f "$WERK"/hash.*
for run in $(seq "$RUNS"); do
    set +e
    /usr/bin/time -v "$AVP" batch "$WERK/populatie.jsonl" --out "$WERK/beslissingen.jsonl" \
        --errors "$WERK/fouten.jsonl" 2> "$WERK/batch.stderr"
    code=$?
    set -e
    [ "$run" = 1 ] && { grep -v '^\s' "$WERK/batch.stderr" | grep -v '^Command' || true; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WERK/batch.stderr" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WERK/batch.stderr")
    cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$WERK/batch.stderr")
    usr=$(awk -F': ' '/User time/ {print $2}' "$WERK/batch.stderr")
    sys=$(awk -F': ' '/System time/ {print $2}' "$WERK/batch.stderr")
    echo "   run $run: exit $code; $N households in ${wall} s = $(echo "$N / $wall" | bc) households/s;" \
         "peak RSS $(echo "$rss / 1024" | bc) MB; CPU $cpu;" \
         "$(echo "($usr + $sys) * 1000000 / $N" | bc -l | xargs printf '%.1f') CPU µs per household;" \
         "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
    secs+=("$wall")
    sha256sum "$WERK/beslissingen.jsonl" | cut -c1-16 > "$WERK/hash.$run"
done
median=$(printf '%s\n' "${secs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "   median of $RUNS: ${median} s = $(echo "$N / $median" | bc) households/s"
if [ "$(sort -u "$WERK"/hash.* | wc -l)" = 1 ]; then
    echo "   output identical in every run (sha256 $(cat "$WERK/hash.1")…)"
else
    echo "   OUTPUT DIFFERS BETWEEN RUNS"
fi
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
# Instructions do not move with the host: callgrind on one thread, 2,000 and 6,000 households;
# the difference / 4,000 is one household in the batch, start-up excluded.
if command -v valgrind > /dev/null; then
    echo "== instructions per household in avp batch (callgrind, 1 thread)"
    for n in 2000 6000; do
        head -n "$n" "$WERK/populatie.jsonl" > "$WERK/p$n.jsonl"
        RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$AVP" batch "$WERK/p$n.jsonl" --out /dev/null 2>&1 |
            awk '/Collected/ {gsub(",", "", $4); print $4}' > "$WERK/ir.$n"
    done
    echo "   $(( ($(cat "$WERK/ir.6000") - $(cat "$WERK/ir.2000")) / 4000 )) instructions per household"
fi
echo "(files in $WERK)"
