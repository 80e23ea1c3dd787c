#!/usr/bin/env bash
# The HTML reports (issue 19 item 4) in a real browser: writes the population comparison of a
# variant (--zet tegemoetkoming::bedrag=1200, 5,000 generated 2025 households) and the budget
# as HTML, opens each in headless Chromium (Debian's chromium), checks that every chart is
# there, and saves a screenshot to docs/img/ (or RAPPORT_MAP). Skips when chromium is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium > /dev/null; then
    echo "rapport-png: overgeslagen, chromium is niet geïnstalleerd (apt-get install chromium)"
    exit 0
fi
cargo build -q -p avp-cli
MAP=${RAPPORT_MAP:-docs/img}
WERK=$(mktemp -d)
trap 'rm -rf "$WERK"' EXIT
mkdir -p "$MAP"
"${CARGO_TARGET_DIR:-target}"/debug/avp generate --count 5000 --seed 1 --jaar 2025 > "$WERK/p.jsonl"
"${CARGO_TARGET_DIR:-target}"/debug/avp diff --jaar 2025 --zet tegemoetkoming::bedrag=1200 --populatie "$WERK/p.jsonl" \
    --format html > "$WERK/populatie.html"
"${CARGO_TARGET_DIR:-target}"/debug/avp budget --jaar 2025 --lijst-aantal 250 --format html > "$WERK/budget.html"
CHROMIUM=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    "--user-data-dir=$WERK/profiel")
for naam in populatie:4 budget:1; do
    bestand=${naam%%:*}
    verwacht=${naam##*:}
    gezien=$("${CHROMIUM[@]}" --dump-dom "file://$WERK/$bestand.html" 2> /dev/null | grep -o '<svg ' | wc -l)
    if [ "$gezien" != "$verwacht" ]; then
        echo "rapport-png: $bestand.html toont $gezien grafieken in Chromium, verwacht $verwacht"
        exit 1
    fi
    "${CHROMIUM[@]}" --window-size=1100,1500 --screenshot="$MAP/rapport-$bestand.png" \
        "file://$WERK/$bestand.html" 2> /dev/null
    echo "rapport-png: $bestand.html: $gezien grafieken in Chromium; schermafdruk $MAP/rapport-$bestand.png"
done
