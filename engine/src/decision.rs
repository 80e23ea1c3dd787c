//! The decision (`beslissing`, CONTRACT §2) with its reasons, calculation, provenance and
//! optional trace. Amounts serialize as strings with exactly two decimals.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::evaluate::route::Route;

/// An amount in euros; serialized as `"1000.00"`, rounded to cents half away from zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Bedrag(pub Decimal);

impl Bedrag {
    /// The amount rounded to cents.
    pub fn centen(self) -> Decimal {
        let mut d = self
            .0
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        d
    }
}

impl std::fmt::Display for Bedrag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.centen())
    }
}

impl Serialize for Bedrag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.tekst())
    }
}

/// The text of an amount, on the stack (`-` and up to 29 digits, a point, two decimals).
pub type BedragTekst = arrayvec::ArrayString<48>;

impl Bedrag {
    /// The amount as `Display` writes it (`-1234.56`): every decision has some twenty amounts,
    /// and formatting them through `Decimal`'s `Display` was a tenth of the batch's time. The
    /// cents are exact for an amount with at most two decimals (no rounding); a negative zero
    /// keeps its sign, as in `Display`. The euros are written by itoa, the text is put
    /// together in an `ArrayString`: no heap, no UTF-8 check.
    pub fn tekst(&self) -> BedragTekst {
        let d = self.0;
        let Some(m) = centen_u64(d) else {
            return self.tekst_traag();
        };
        let mut t = BedragTekst::new();
        // a zero keeps its sign, but an amount rounded to zero cents has none (as `centen`)
        if d.is_sign_negative() && (m != 0 || d.is_zero()) {
            t.push('-');
        }
        t.push_str(itoa::Buffer::new().format(m / 100));
        t.push('.');
        let frac = (m % 100) as u8;
        t.push(char::from(b'0' + frac / 10));
        t.push(char::from(b'0' + frac % 10));
        t
    }

    /// `Display`'s text: amounts of 2^64 cents and more, or a mantissa beyond 64 bits with at
    /// most two decimals (never real money; beyond 96 bits in cents `Display` shows fewer
    /// decimals).
    #[cold]
    fn tekst_traag(&self) -> BedragTekst {
        use std::fmt::Write as _;
        let mut t = BedragTekst::new();
        let _ = write!(t, "{self}");
        t
    }
}

/// The absolute amount in whole cents, rounded half away from zero as `Bedrag::centen` does, in
/// 64-bit arithmetic where it fits (every real amount: 128-bit division is slow). A result of a
/// division (a twelfth, a percentage) has up to 28 decimals and a mantissa beyond 64 bits: it is
/// rounded in 128-bit arithmetic. `None` beyond 2^64 cents.
#[inline]
fn centen_u64(d: Decimal) -> Option<u64> {
    match (u64::try_from(d.mantissa().unsigned_abs()), d.scale()) {
        (Ok(m), s @ 0..=2) => m.checked_mul(10u64.pow(2 - s)),
        (Ok(m), s @ 3..=21) => {
            let deler = 10u64.pow(s - 2);
            let (q, r) = (m / deler, m % deler);
            Some(if r >= deler - r { q + 1 } else { q })
        }
        (_, s @ 3..=28) => {
            let (m, deler) = (d.mantissa().unsigned_abs(), 10u128.pow(s - 2));
            let (q, r) = (m / deler, m % deler);
            u64::try_from(if r >= deler - r { q + 1 } else { q }).ok()
        }
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Bedrag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Decimal as Deserialize>::deserialize(d).map(Bedrag)
    }
}

impl JsonSchema for Bedrag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "bedrag".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^-?\\d+\\.\\d{2}$",
            "description": "Bedrag in euro's met precies twee decimalen"
        })
    }
}

/// One column of the calculation: the actual household or the bijstand reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Kolom {
    /// Toetsingsinkomen (Awir): het verzamelinkomen van beide partners.
    pub toetsingsinkomen: Bedrag,
    /// Inkomstenbelasting en premies na heffingskortingen, min uitbetaalde AHK.
    pub inkomstenbelasting: Bedrag,
    /// Netto-inkomen.
    pub netto_inkomen: Bedrag,
    /// Zorgtoeslag per jaar.
    pub zorgtoeslag: Bedrag,
    /// Huurtoeslag per jaar.
    pub huurtoeslag: Bedrag,
    /// Kindgebonden budget per jaar.
    pub kindgebonden_budget: Bedrag,
    /// Netto-inkomen plus toeslagen.
    pub besteedbaar_inkomen: Bedrag,
}

/// The names of the quantities of a column, in output order.
pub const KOLOM_GROOTHEDEN: [&str; 7] = [
    "toetsingsinkomen",
    "inkomstenbelasting",
    "netto_inkomen",
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "besteedbaar_inkomen",
];

impl Kolom {
    /// Build from the seven values in `KOLOM_GROOTHEDEN` order.
    pub(crate) fn uit(w: [Decimal; 7]) -> Kolom {
        Kolom {
            toetsingsinkomen: Bedrag(w[0]),
            inkomstenbelasting: Bedrag(w[1]),
            netto_inkomen: Bedrag(w[2]),
            zorgtoeslag: Bedrag(w[3]),
            huurtoeslag: Bedrag(w[4]),
            kindgebonden_budget: Bedrag(w[5]),
            besteedbaar_inkomen: Bedrag(w[6]),
        }
    }
    /// The values in `KOLOM_GROOTHEDEN` order.
    pub fn waarden(&self) -> [Bedrag; 7] {
        [
            self.toetsingsinkomen,
            self.inkomstenbelasting,
            self.netto_inkomen,
            self.zorgtoeslag,
            self.huurtoeslag,
            self.kindgebonden_budget,
            self.besteedbaar_inkomen,
        ]
    }
}

/// The calculation (berekening.md §2–§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Berekening {
    /// De werkelijke situatie.
    pub huishouden: Kolom,
    /// Hetzelfde paar op de bijstandsnorm voor gehuwden; null bij een eenpersoonshuishouden.
    pub referentie: Option<Kolom>,
    /// referentie.besteedbaar_inkomen − huishouden.besteedbaar_inkomen.
    pub tekort: Option<Bedrag>,
    /// Toeslagen van de referentie min die van het huishouden.
    pub gemiste_toeslagen: Option<Bedrag>,
    /// Alleen als het netto-inkomen onder de bijstandsnorm ligt: de uitkomst als het huishouden
    /// de aanvullende algemene bijstand ontvangt waar het recht op heeft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na_aanvullende_bijstand: Option<NaAanvullendeBijstand>,
}

/// The outcome after aanvullende algemene bijstand (taxable, so it raises the toetsingsinkomen
/// and changes the toeslagen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NaAanvullendeBijstand {
    /// De aanvullende bijstand netto per jaar: het netto-inkomen komt op de bijstandsnorm.
    pub aanvullende_bijstand_netto: Bedrag,
    /// Dezelfde bijstand bruto per jaar (belast), voor beide partners samen.
    pub aanvullende_bijstand_bruto: Bedrag,
    /// Het huishouden met de aanvullende bijstand.
    pub huishouden: Kolom,
    /// Tekort ten opzichte van de referentie na de aanvullende bijstand.
    pub tekort: Bedrag,
    /// Gemiste toeslagen na de aanvullende bijstand.
    pub gemiste_toeslagen: Bedrag,
    /// De bijzondere bijstand die op deze uitkomst zou volgen.
    pub bijzondere_bijstand: Bedrag,
}

/// A reason with its legal basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reden {
    /// Stabiele code.
    pub code: String,
    /// Uitleg in het Nederlands.
    pub tekst: String,
    /// Artikel en regeling.
    pub grondslag: String,
}

/// One instalment of the payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Termijn {
    /// Volgnummer, vanaf 1.
    pub nummer: u32,
    /// Bedrag van de termijn; de termijnen tellen precies op tot het totaal.
    pub bedrag: Bedrag,
    /// Datum van betaling (JJJJ-MM-DD): de eerste op `betaaldatum` (anders de aanvraagdatum, anders
    /// 1 januari van het jaar), daarna elke `termijn_maanden` maanden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) datum: Option<String>,
}

/// How the granted amount is paid (beleidsregels `[betaling]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Betaling {
    /// `ineens` of `termijnen`.
    pub(crate) wijze: String,
    /// Het totaal dat aan het huishouden wordt betaald: tegemoetkoming plus bijzondere bijstand.
    pub totaal: Bedrag,
    /// De termijnen; bij `ineens` één termijn.
    pub termijnen: Vec<Termijn>,
}

impl Termijn {
    /// The date of payment, when the beleidsregels give one.
    pub fn datum(&self) -> Option<&str> {
        self.datum.as_deref()
    }
}

impl Betaling {
    /// `ineens` or `termijnen`.
    pub fn wijze(&self) -> &str {
        &self.wijze
    }

    /// Split `totaal` (rounded to cents) into `n` instalments: equal amounts in whole cents,
    /// the last one taking the remainder, so that the cents add up exactly.
    pub(crate) fn verdeel(wijze: &str, totaal: Decimal, n: u32) -> Betaling {
        let totaal = Bedrag(totaal).centen();
        let n = n.max(1);
        let deel = (totaal / Decimal::from(n)).round_dp_with_strategy(2, RoundingStrategy::ToZero);
        let termijnen = (1..=n)
            .map(|i| Termijn {
                datum: None,
                nummer: i,
                bedrag: Bedrag(if i == n {
                    totaal - deel * Decimal::from(n - 1)
                } else {
                    deel
                }),
            })
            .collect();
        Betaling {
            wijze: wijze.to_string(),
            totaal: Bedrag(totaal),
            termijnen,
        }
    }
}

/// What would change the outcome for one failed condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Verandering {
    /// De reden (code) waarvoor deze verandering geldt, bijvoorbeeld `vermogen_boven_grens`.
    pub reden: String,
    /// Stabiele code van de verandering.
    pub code: String,
    /// Uitleg in het Nederlands.
    pub tekst: String,
}

/// Something in the record that did not block the decision but needs attention, e.g. an invalid
/// IBAN (the decision does not depend on the account).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Waarschuwing {
    /// Het veld van het record, bijvoorbeeld `iban`.
    pub veld: String,
    /// Wat er mis is, in het Nederlands.
    pub bericht: String,
    /// Wat de gemeente kan doen.
    pub hulp: String,
}

/// Provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Herkomst {
    /// Versie van avp.
    pub engine_versie: String,
    /// sha256 over alle regelbestanden van het pakket.
    pub regels_hash: String,
    /// Naam van de beleidsregels.
    pub beleidsregels: String,
    /// sha256 van het beleidsregelbestand.
    pub beleidsregels_hash: String,
}

/// A parameter read by a rule, in the trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceParameter {
    /// Naam, zoals in de regels: `zorgtoeslag::standaardpremie`.
    pub naam: String,
    /// Waarde zoals in het parameterbestand.
    pub waarde: String,
    /// Wettelijke bron.
    pub bron: String,
    /// Het jaar van het pakket dat de waarde vastlegt.
    pub jaar: i32,
}

/// One traced quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceRegel {
    /// Naam van de grootheid, met onderwerp: `referentie.zorgtoeslag`.
    pub naam: String,
    /// Waarde (bedragen exact, niet afgerond).
    pub waarde: String,
    /// Regelbestand en functie: `zorgtoeslag.rhai:zorgtoeslag`.
    pub regel: String,
    /// Omschrijving uit het documentatiecommentaar van de regel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) omschrijving: String,
    /// De parameters die de regel leest.
    pub parameters: Vec<TraceParameter>,
}

/// The decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "beslissing")]
pub struct Beslissing {
    /// Het beoordeelde jaar.
    pub jaar: i32,
    /// `tijdelijke_regeling` (2025–2027) of `handelingsperspectief` (2023–2024).
    pub regeling: String,
    /// `ambtshalve_lijst`, `ambtshalve_bekend` of `aanvraag`.
    #[schemars(with = "String")]
    pub route: Route,
    /// Voldoet aan art. 78gg lid 1; null als de route geen toets vraagt.
    pub doelgroep: Option<bool>,
    /// Er wordt iets toegekend.
    pub toegekend: bool,
    /// Vaste tegemoetkoming, netto.
    pub tegemoetkoming: Bedrag,
    /// Eindheffing die de gemeente betaalt.
    pub eindheffing: Bedrag,
    /// Aanvullende (2025+) of volledige (2023/2024) bijzondere bijstand, onbelast.
    pub bijzondere_bijstand: Bedrag,
    /// De berekening, als het record de gegevens bevat.
    pub berekening: Option<Berekening>,
    /// Redenen met grondslag.
    pub redenen: Vec<Reden>,
    /// Wat de gemeente nog moet doen.
    pub acties: Vec<String>,
    /// Hoe het toegekende bedrag wordt betaald; null als niets wordt toegekend.
    #[serde(default)]
    pub betaling: Option<Betaling>,
    /// Per niet-vervulde voorwaarde de dichtstbijzijnde verandering die haar zou vervullen,
    /// waar die bestaat.
    #[serde(default)]
    pub wat_zou_veranderen: Vec<Verandering>,
    /// Waarschuwingen over het record die de beslissing niet tegenhouden (bijvoorbeeld een
    /// ongeldig IBAN); weggelaten als er geen zijn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waarschuwingen: Vec<Waarschuwing>,
    /// Herkomst voor reproduceerbaarheid.
    pub herkomst: Herkomst,
    /// Alle grootheden met regel en parameters (alleen met --trace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceRegel>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bedrag_twee_decimalen() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(Bedrag(d("1000")).to_string(), "1000.00");
        assert_eq!(Bedrag(d("558.105")).to_string(), "558.11");
        assert_eq!(Bedrag(d("-0.005")).to_string(), "-0.01");
    }

    proptest::proptest! {
        /// The fast serialization of an amount is `Display`'s, byte for byte (signs, negative
        /// zero, every scale, the largest mantissas).
        #[test]
        fn bedrag_json_is_display(lo: u32, mid: u32, hi: u32, neg: bool, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi, neg, scale);
            let json = serde_json::to_string(&Bedrag(d)).unwrap_or_default();
            proptest::prop_assert_eq!(json, format!("\"{}\"", Bedrag(d)));
        }

        #[test]
        fn bedrag_json_is_display_afronding(m: i64, k in -1000i64..1000, scale in 0u32..=24) {
            let d = Decimal::new(if scale % 2 == 0 { m } else { k }, scale);
            let json = serde_json::to_string(&Bedrag(d)).unwrap_or_default();
            proptest::prop_assert_eq!(json, format!("\"{}\"", Bedrag(d)));
        }

        #[test]
        fn bedrag_json_is_display_klein(m in -10_000_000i64..10_000_000, scale in 0u32..=6) {
            let d = Decimal::new(m, scale);
            let json = serde_json::to_string(&Bedrag(d)).unwrap_or_default();
            proptest::prop_assert_eq!(json, format!("\"{}\"", Bedrag(d)));
        }
    }

    #[test]
    fn bedrag_json_randgevallen() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        for s in [
            "0",
            "-0",
            "-0.004",
            "0.005",
            "-0.005",
            "12",
            "-12.3",
            "558.105",
            "1000",
            "0.0049999",
            "-2.675",
            "2.665",
            "0.995",
            "-0.995",
            "184467440737095516.15",
            "184467440737095516.16",
            "18446744073709551615",
            "0.000000000000000000005",
            "-0.0000000000000000000051",
        ] {
            let json = serde_json::to_string(&Bedrag(d(s))).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", Bedrag(d(s))), "{s}");
        }
        let mut nul = d("-0.004");
        nul.rescale(0);
        assert!(nul.is_sign_negative());
        assert_eq!(
            serde_json::to_string(&Bedrag(nul)).unwrap_or_default(),
            "\"-0.00\""
        );
        assert_eq!(
            serde_json::to_string(&Bedrag(Decimal::MAX)).unwrap_or_default(),
            "\"79228162514264337593543950335\""
        );
    }

    #[test]
    fn termijnen_tellen_op_tot_de_cent() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        let b = Betaling::verdeel("termijnen", d("1000"), 3);
        let bedragen: Vec<String> = b.termijnen.iter().map(|t| t.bedrag.to_string()).collect();
        assert_eq!(bedragen, ["333.33", "333.33", "333.34"]);
        let som: Decimal = b.termijnen.iter().map(|t| t.bedrag.0).sum();
        assert_eq!(som, d("1000.00"));
        let b = Betaling::verdeel("ineens", d("1234.565"), 1);
        assert_eq!(b.termijnen[0].bedrag.to_string(), "1234.57");
        let b = Betaling::verdeel("termijnen", d("0.05"), 12);
        let som: Decimal = b.termijnen.iter().map(|t| t.bedrag.0).sum();
        assert_eq!(som, d("0.05"));
    }
}
