//! The stable error codes: one enum, each variant with the text users and scripts see
//! (`avp::params::missing_bron`) and when it is used.
//!
//! The texts are part of the output (error files, `avp check`, miette rendering): a variant may
//! be renamed, its text may not change.

use std::fmt;

/// Declares [`Code`] from one table of `Variant => "text"`, so a code's text stands beside it.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $tekst:literal,)+) => {
        /// A stable, machine-readable error code; [`Code::as_str`] gives its text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// The code as users see it, e.g. `avp::params::missing_bron`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $tekst,)+
                }
            }

            /// Every code, in declaration order.
            #[cfg(test)]
            const ALLE: &'static [Code] = &[$(Code::$variant,)+];
        }
    };
}

codes! {
    // --- batch: reading and writing many records ---
    /// The header line of a CSV input cannot be read.
    BatchCsv => "avp::batch::csv",
    /// A cell of a CSV record has a value that does not fit its column.
    BatchCsvCel => "avp::batch::csv_cel",
    /// The header of a CSV input has an unknown, doubled or unnamed column, or lacks `jaar`.
    BatchCsvKop => "avp::batch::csv_kop",
    /// A CSV line cannot be split into cells (e.g. a quote that is not closed).
    BatchCsvRegel => "avp::batch::csv_regel",
    /// A part of a batch stopped unexpectedly (a panic in the evaluation).
    BatchIntern => "avp::batch::intern",
    /// The batch input cannot be read.
    BatchLezen => "avp::batch::lezen",
    /// A line of the batch input is longer than the maximum line length.
    BatchRegelTeLang => "avp::batch::regel_te_lang",
    /// The batch output cannot be written.
    BatchSchrijven => "avp::batch::schrijven",
    /// A line of the batch input is not valid UTF-8.
    BatchUtf8 => "avp::batch::utf8",

    // --- beleid: a municipality's beleidsregels ---
    /// A beleidsregels file given by path cannot be read.
    BeleidBestand => "avp::beleid::bestand",
    /// No beleidsregels of the given name exist in the rules.
    BeleidOnbekend => "avp::beleid::onbekend",
    /// A beleidsregels file is not valid TOML.
    BeleidToml => "avp::beleid::toml",
    /// A field of the beleidsregels is unknown or of the wrong type.
    BeleidVeld => "avp::beleid::veld",
    /// A value of the beleidsregels is outside what the regeling allows or is implausible.
    BeleidWaarde => "avp::beleid::waarde",

    // --- budget: `avp budget` ---
    /// A budget is asked for a year without the tijdelijke regeling.
    BudgetGeenTijdelijkeRegeling => "avp::budget::geen_tijdelijke_regeling",
    /// The pack lacks a parameter the budget needs.
    BudgetParameter => "avp::budget::parameter",

    // --- intern: errors of avp itself ---
    /// The line and record counts of a batch do not add up.
    InternTelling => "avp::intern::telling",

    // --- jaar: the year asked for ---
    /// The year is after the end of the regeling.
    JaarNaRegeling => "avp::jaar::na_regeling",
    /// The year is before the first year of the regeling.
    JaarVoorRegeling => "avp::jaar::voor_regeling",

    // --- lijst: the Belastingdienst list ---
    /// A BSN on the list is invalid.
    LijstBsn => "avp::lijst::bsn",
    /// The list has a header without a `bsn` column.
    LijstKop => "avp::lijst::kop",
    /// The list cannot be read.
    LijstLezen => "avp::lijst::lezen",

    // --- pack: a year's rule pack ---
    /// `brief.toml` is not valid or lacks the texts of a regeling.
    PackBrief => "avp::pack::brief",
    /// `extends` in `pack.toml` is not a year.
    PackExtends => "avp::pack::extends",
    /// The `extends` chain of packs forms a cycle.
    PackExtendsKring => "avp::pack::extends_kring",
    /// `pack.toml` names another year than the directory it is in.
    PackJaar => "avp::pack::jaar",
    /// `keuzes.toml` is not valid or names a table that beleidsregels do not have.
    PackKeuzes => "avp::pack::keuzes",
    /// `pack.toml` is not valid.
    PackManifest => "avp::pack::manifest",
    /// The rules read an inherited parameter that the year does not take over explicitly.
    PackNietOvergenomen => "avp::pack::niet_overgenomen",
    /// A rule or parameter file of the pack is not UTF-8 or cannot be read.
    PackOnleesbaar => "avp::pack::onleesbaar",
    /// There is no pack for the year.
    PackOntbreekt => "avp::pack::ontbreekt",
    /// `[overgenomen]` names a parameter that the year does not inherit.
    PackOvergenomenOnbekend => "avp::pack::overgenomen_onbekend",
    /// `[overgenomen]` takes a parameter over without saying why.
    PackOvergenomenZonderReden => "avp::pack::overgenomen_zonder_reden",
    /// `redenen.toml` has no text for a reason the evaluation gives.
    PackRedenOntbreekt => "avp::pack::reden_ontbreekt",
    /// `redenen.toml` is not valid.
    PackRedenen => "avp::pack::redenen",
    /// `redenen.toml` has no text for a change (`wat_zou_veranderen`).
    PackVeranderingOntbreekt => "avp::pack::verandering_ontbreekt",
    /// `[vervangen]` names a function that the year does not define in a file of its own, or
    /// that it does not inherit.
    PackVervangenOnbekend => "avp::pack::vervangen_onbekend",
    /// `[vervangen]` replaces a function without saying why.
    PackVervangenZonderReden => "avp::pack::vervangen_zonder_reden",

    // --- params: parameter files ---
    /// A parameter value is outside the range of its unit.
    ParamsBereik => "avp::params::bereik",
    /// A parameter date is invalid or carries a time.
    ParamsDatum => "avp::params::datum",
    /// A parameter has an unknown `eenheid`.
    ParamsEenheid => "avp::params::eenheid",
    /// A number cannot be read as an exact decimal.
    ParamsGetal => "avp::params::getal",
    /// `mag_negatief` on a unit that has no negative values.
    ParamsMagNegatief => "avp::params::mag_negatief",
    /// A meta key (`bron`, `eenheid`, `toelichting`, `mag_negatief`) has a value of the wrong
    /// type.
    ParamsMetaType => "avp::params::meta_type",
    /// A parameter has no `bron`, on itself or an enclosing table.
    ParamsMissingBron => "avp::params::missing_bron",
    /// A parameter name is not valid.
    ParamsNaam => "avp::params::naam",
    /// `nog_niet_vastgesteld` is not `true`, or stands beside a `waarde`.
    ParamsNogNietVastgesteld => "avp::params::nog_niet_vastgesteld",
    /// A value table has a key it does not know.
    ParamsOnbekendeSleutel => "avp::params::onbekende_sleutel",
    /// A parameter file is not valid TOML.
    ParamsToml => "avp::params::toml",
    /// A parameter value does not fit its unit (e.g. text without `eenheid = "tekst"`).
    ParamsType => "avp::params::type",
    /// `waarde` stands directly in a table instead of in a parameter's inline table.
    ParamsWaardeInTabel => "avp::params::waarde_in_tabel",

    // --- record: a household record ---
    /// A record is not a JSON object, has text after it, or a JSON syntax error.
    RecordJson => "avp::record::json",
    /// A record is read but fails validation (BSN, IBAN, dates, amounts, …).
    RecordOngeldig => "avp::record::ongeldig",
    /// Fewer monthly amounts than the referteperiode asks for.
    RecordReferteperiode => "avp::record::referteperiode",
    /// A TOML record is not valid TOML.
    RecordToml => "avp::record::toml",
    /// A record file is not valid UTF-8.
    RecordUtf8 => "avp::record::utf8",
    /// A field of a record is unknown or of the wrong type.
    RecordVeld => "avp::record::veld",

    // --- regels: rule files and their evaluation ---
    /// A rule file does not begin with a comment naming the article it implements.
    RegelsArtikel => "avp::regels::artikel",
    /// A function is defined in two rule files.
    RegelsDubbel => "avp::regels::dubbel",
    /// A rule failed while being evaluated (arithmetic, limits, types).
    RegelsEvaluatie => "avp::regels::evaluatie",
    /// A quantity asked for is not in the pack (or not with these parameters).
    RegelsGrootheidOntbreekt => "avp::regels::grootheid_ontbreekt",
    /// A quantity has the name of a field of the household.
    RegelsNaamBezet => "avp::regels::naam_bezet",
    /// A rule reads a parameter that is not yet published for the year.
    RegelsNogNietVastgesteld => "avp::regels::nog_niet_vastgesteld",
    /// A rule reads a parameter that the pack does not have.
    RegelsParameterOntbreekt => "avp::regels::parameter_ontbreekt",
    /// A public function is not a quantity: its parameters are not (hh), (s) or (s, p).
    RegelsSignatuur => "avp::regels::signatuur",
    /// A rule uses a construct outside the rule language, or names a quantity, data field,
    /// function or parameter that does not exist.
    RegelsNietInDeTaal => "avp::regels::niet_in_de_taal",
    /// A rule file has a Rhai syntax error.
    RegelsSyntax => "avp::regels::syntax",
    /// A quantity or condition gave a value of the wrong type.
    RegelsType => "avp::regels::type",

    // --- test: golden cases (`avp test`) ---
    /// A golden case file cannot be read.
    TestBestand => "avp::test::bestand",
    /// A golden case file is not a valid case.
    TestGeval => "avp::test::geval",
    /// The household of a golden case cannot be read or is not a table or path.
    TestHuishouden => "avp::test::huishouden",
    /// A decision cannot be turned into JSON to compare with the case.
    TestJson => "avp::test::json",
    /// The `marge` of a golden case is not an amount.
    TestMarge => "avp::test::marge",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn elke_code_is_uniek_en_heeft_de_vorm_avp_groep_naam() {
        let mut gezien = std::collections::HashSet::new();
        for code in Code::ALLE {
            let tekst = code.as_str();
            assert!(gezien.insert(tekst), "{tekst} staat twee keer");
            let delen: Vec<&str> = tekst.split("::").collect();
            assert_eq!(delen.len(), 3, "{tekst}");
            assert_eq!(delen[0], "avp", "{tekst}");
            assert!(
                delen[1..].iter().all(|d| !d.is_empty()
                    && d.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')),
                "{tekst}"
            );
        }
        assert_eq!(Code::ALLE.len(), 73);
    }

    #[test]
    fn display_en_json_geven_de_tekst() {
        assert_eq!(
            Code::ParamsMissingBron.to_string(),
            "avp::params::missing_bron"
        );
        assert_eq!(
            serde_json::to_string(&Code::RegelsNogNietVastgesteld)
                .ok()
                .as_deref(),
            Some("\"avp::regels::nog_niet_vastgesteld\"")
        );
    }
}
