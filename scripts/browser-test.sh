#!/usr/bin/env bash
# Browser test of the rekenhulp (issue 20): start `avp serve` and ChromeDriver on loopback, fill
# the form in headless Chromium for golden cases, check the amounts shown, save a screenshot
# (docs/img/rekenhulp.png, or in SCHERMAFDRUK_MAP). Needs Debian's chromium and chromium-driver (no browser download);
# exits 0 with a message when they are not installed, unless BROWSER_VERPLICHT=1.
#
#   scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
    echo "browser-test: overgeslagen, chromium en chromedriver zijn niet geïnstalleerd (apt-get install chromium chromium-driver)"
    [ "${BROWSER_VERPLICHT:-0}" = 1 ] && exit 1
    exit 0
fi
cargo build -q -p avp-cli
POORT=${POORT:-18181}
DRIVERPOORT=${DRIVERPOORT:-19515}
LOG=$(mktemp)
"${CARGO_TARGET_DIR:-target}"/debug/avp serve --adres "127.0.0.1:$POORT" 2> "$LOG" &
SERVER=$!
chromedriver --port="$DRIVERPOORT" > /dev/null 2>&1 &
DRIVER=$!
trap 'kill $SERVER $DRIVER 2> /dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do
    if curl -sf "http://127.0.0.1:$POORT/v1/gezond" > /dev/null && curl -sf "http://127.0.0.1:$DRIVERPOORT/status" > /dev/null; then
        break
    fi
    sleep 0.2
done
# axe-core from npm checks the page against WCAG 2.1 A/AA (installed under target/ once)
AXE=""
if command -v npm > /dev/null; then
    [ -f target/axe/node_modules/axe-core/axe.min.js ] ||
        npm install -s --prefix target/axe axe-core@4 --no-audit --no-fund > /dev/null 2>&1 || true
    [ -f target/axe/node_modules/axe-core/axe.min.js ] && AXE=target/axe/node_modules/axe-core/axe.min.js
fi
[ -n "$AXE" ] || echo "browser-test: toegankelijkheid niet getoetst (npm of axe-core ontbreekt)"
MAP=${SCHERMAFDRUK_MAP:-docs/img}
mkdir -p "$MAP"
for geval in tests/cases/2025/dg-001-c1-partners-voldaan.toml tests/cases/2025/dg-003-c2-uitkering-met-loon.toml; do
    uitvoer=$MAP/$(basename "$geval" .toml).png
    [ "$geval" = tests/cases/2025/dg-001-c1-partners-voldaan.toml ] && uitvoer=$MAP/rekenhulp.png
    python3 scripts/browser-test.py "http://127.0.0.1:$POORT/" "http://127.0.0.1:$DRIVERPOORT" "$geval" "$uitvoer" $AXE
done
rm -f "$MAP/dg-003-c2-uitkering-met-loon.png"
