#!/usr/bin/env bash
# Seed corpus for the fuzz targets of engine/fuzz (ARCHITECTURE.md "Fuzzing"): the repository's
# own inputs, copied into engine/fuzz/corpus/<target>/ (git-ignored; a few hundred small files).
# Run once before `cargo +nightly fuzz run`; running it again adds nothing new.
#
#   huishouden     examples/*.json, tests/fixtures/*.json, the household of every golden case
#                  (its [huishouden] table as a TOML record of its own), 20 generated households
#                  (JSON) when target/debug/avp (or under CARGO_TARGET_DIR) exists
#   csv            the CSV shapes of the README and tests/batch.rs (`,` and `;`, CRLF, BOM,
#                  quotes, a cell over two lines, bad values, an unknown column)
#   beleidsregels  rules/gemeenten/*/beleidsregels.toml and the beleidsregels in tests/fixtures
set -euo pipefail
cd "$(dirname "$0")/.."
c=engine/fuzz/corpus
mkdir -p "$c/huishouden" "$c/csv" "$c/beleidsregels"

cp examples/*.json tests/fixtures/*.json "$c/huishouden/"
for f in tests/cases/*/*.toml; do
    jaar=$(basename "$(dirname "$f")")
    # from `[huishouden]` to the next table that is not part of it; `huishouden.` dropped
    awk '/^\[huishouden\]/ { in_hh = 1; next }
         /^\[\[?huishouden\./ { sub(/huishouden\./, ""); print; next }
         /^\[/ { in_hh = 0 }
         in_hh { print }' "$f" > "$c/huishouden/case-$jaar-$(basename "$f")"
done
if [ -x "${CARGO_TARGET_DIR:-target}"/debug/avp ]; then
    i=0
    "${CARGO_TARGET_DIR:-target}"/debug/avp generate --count 20 --seed 11 --jaar 2025 | while IFS= read -r regel; do
        i=$((i + 1))
        printf '%s\n' "$regel" > "$c/huishouden/generate-$i.json"
    done
fi

for d in rules/gemeenten/*/; do
    cp "$d/beleidsregels.toml" "$c/beleidsregels/$(basename "$d").toml"
done
for f in tests/fixtures/*.toml; do
    if grep -q '^naam = ' "$f"; then cp "$f" "$c/beleidsregels/"; fi
done
# every table and key once (the shipped files leave some keys to their defaults)
cat > "$c/beleidsregels/alle-sleutels.toml" <<'TOML'
naam = "Alle sleutels"
gemeentenaam = "Ergens"
gemeente = "0344"
bron = "seed"
[ambtshalve]
lijst_belastingdienst = true
bekend_uit_handelingsperspectief = true
[terugwerkende_kracht]
jaren = [2023, 2024]
[vermogen]
grens = "bedrag"
bedrag = 50000.00
[inkomen]
referteperiode_maanden = 3
referteperiode_gelijk_inkomen_maanden = 1
vakantietoeslag_opslag = 0.08
[aanvraag]
uiterlijk_maanden_na_afloop_jaar = 12
hardheidsclausule = false
[betaling]
wijze = "termijnen"
termijnen = 4
termijn_maanden = 3
[aanvullende_bijstand]
toekennen_op = "na_aanvullende_bijstand"
TOML

csv() { printf '%b' "$2" > "$c/csv/$1.csv"; }
csv gemeente 'kenmerk;jaar;fiscaal_partner;toeslagpartner;aanvraagdatum;vermogen;huur_per_maand;iban;gemeente;persoon1_bsn;persoon1_geboortedatum;persoon1_wia;persoon2_geboortedatum;persoon2_loon;kind1_geboortedatum\nD-1;2025;ja;ja;20-05-2025;8500;720,00;NL91ABNA0417164300;0344;111222333;08-03-1971;31000,00;1975-11-21;;2013-06-01\nD-2;2025;nee;nee;;;;;;;1980-01-01;;;;\nD-3;2025;ja;ja;;;;;;;1965-01-01;20000;1966-02-02;25000;\n'
csv excel-crlf 'kenmerk;jaar;persoon1_geboortedatum;persoon1_ww\r\n"a\r\nb";2025;1980-01-01;100\r\n\r\nc;2025;1980-01-01;x\r\n;;;\r\n\r\nd;2025;1980-01-01;300\r\n'
csv komma-bom '\xef\xbb\xbfjaar,persoon1_bsn,persoon1_geboortedatum,persoon1_ww,persoon2_bsn,persoon2_geboortedatum,persoon2_zw,fiscaal_partner,toeslagpartner\n2025,123456782,1970-01-01,"26000,50",111222333,1972-02-02,,ja,j\n2026,12345678,01-01-1960,€ 1200,,,,,\n'
csv medebewoners 'jaar,kostendelende_medebewoners,medebewoner1_geboortedatum,kind1_geboortedatum,kind2_geboortedatum,persoon1_geboortedatum,persoon1_overlijdensdatum,persoon1_aow,betaaldatum,hardheidsclausule_toegepast,op_lijst_belastingdienst,bekend_uit_handelingsperspectief,omstandigheden_gewijzigd,vermogen_eigen_woning\n2025,1,1990-01-01,2010-05-05,2020-06-06,1955-03-03,,19000,2025-07-01,x,0,false,true,250000\n2024,,,,,1900-01-01,1899-01-01,1e30,31-02-2025,misschien,2,,,-5\n'
csv onbekende-kolom 'jaar;persoon1_geboortedatum;persoon1_ww;persoon1_wwb\n2025;1980-01-01;100;5\n'
csv aanhalingsteken 'jaar,kenmerk,persoon1_geboortedatum,persoon1_loon\n2025,"=SUM(A1),1980-01-01,100\n2025,ok,1980-01-01,200\n2025,"x""y",1980-01-01,300\n'
csv zonder-kop '2025;111222333;1970-01-01\n2025;123456782;1971-01-01\n'
echo "seed corpus: $(ls "$c/huishouden" | wc -l) huishoudens, $(ls "$c/csv" | wc -l) CSV-bestanden, $(ls "$c/beleidsregels" | wc -l) beleidsregels in $c"
