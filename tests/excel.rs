//! Issue 19 item 5: output that Excel opens as it should. The Dutch CSV style (`--csv-stijl nl`):
//! a UTF-8 byte order mark, `;` between the fields and a decimal comma, with the same values as
//! the standard style.

fn csv(stijl: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("avp-excel-{}-{stijl}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let (code, gen, err) =
        avp_tests::avp(&["generate", "--count", "40", "--seed", "3", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
    let invoer = dir.join("p.jsonl");
    std::fs::write(&invoer, gen).expect("schrijven");
    let uit = dir.join("uit.csv");
    let rules = avp_tests::root().join("rules");
    let (code, _, err) = avp_tests::avp(&[
        "batch",
        invoer.to_str().expect("pad"),
        "--rules",
        rules.to_str().expect("pad"),
        "--format",
        "csv",
        "--csv-stijl",
        stijl,
        "--out",
        uit.to_str().expect("pad"),
    ]);
    assert_eq!(code, 0, "{err}");
    std::fs::read(&uit).expect("uitvoer")
}

#[test]
fn nederlandse_csv_stijl_bom_puntkomma_decimale_komma() {
    let nl = csv("nl");
    let standaard = csv("standaard");
    assert_eq!(&nl[..3], [0xEF, 0xBB, 0xBF], "UTF-8 BOM");
    assert_ne!(&standaard[..3], [0xEF, 0xBB, 0xBF]);
    let nl = String::from_utf8(nl[3..].to_vec()).expect("utf-8");
    let standaard = String::from_utf8(standaard).expect("utf-8");
    assert!(nl.starts_with("regel;kenmerk;jaar;"), "{}", &nl[..60]);
    let lees = |t: &str, scheiding: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(scheiding)
            .from_reader(t.as_bytes())
            .records()
            .map(|r| r.expect("rij").iter().map(String::from).collect())
            .collect()
    };
    let (a, b) = (lees(&nl, b';'), lees(&standaard, b','));
    assert_eq!(a.len(), 40);
    assert_eq!(a.len(), b.len());
    let mut bedragen = 0;
    for (x, y) in a.iter().zip(&b) {
        for (v, w) in x.iter().zip(y) {
            // an amount: the same digits with a comma; any other field the same
            if w.contains('.')
                && w.replace(['.', '-'], "")
                    .chars()
                    .all(|c| c.is_ascii_digit())
            {
                assert_eq!(v, &w.replace('.', ","));
                assert!(!v.contains('.'));
                bedragen += 1;
            } else {
                assert_eq!(v, w);
            }
        }
    }
    assert!(bedragen > 100, "{bedragen} bedragen vergeleken");
}
