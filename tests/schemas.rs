//! The committed schemas in `schemas/` must equal what `avp schema` generates.

#[test]
fn schemas_zijn_actueel() {
    for (naam, schema) in avp_cli::werkbank::schema::alle() {
        let pad = avp_tests::root().join("schemas").join(naam);
        let op_schijf = std::fs::read_to_string(&pad).unwrap_or_default();
        assert_eq!(
            op_schijf,
            avp_cli::werkbank::schema::als_tekst(&schema),
            "schemas/{naam} is verouderd: voer `cargo run -p avp-cli -- schema` uit en commit het resultaat"
        );
    }
}
