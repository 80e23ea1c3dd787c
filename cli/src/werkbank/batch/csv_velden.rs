//! The CSV column behind a record field: a validation error on `personen[1].geboortedatum` of a
//! CSV row names `persoon2_geboortedatum`, the column a spreadsheet user corrects.

/// Which column each income, child and medebewoner of a row came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct CsvVelden {
    /// Per person, the column of each income in record order (`persoon1_wia`).
    pub(super) inkomen_kolommen: [Vec<String>; 2],
    /// The number `n` of `kind<n>_geboortedatum` of each child in record order (a row may skip
    /// a number: `kind1`, `kind3`).
    pub(super) kind_nummers: Vec<usize>,
    /// The number `n` of `medebewoner<n>_geboortedatum` of each medebewoner in record order.
    pub(super) medebewoner_nummers: Vec<usize>,
}

/// `naam[i]…` → `(i, …)`.
fn index<'a>(veld: &'a str, naam: &str) -> Option<(usize, &'a str)> {
    let rest = veld.strip_prefix(naam)?.strip_prefix('[')?;
    let (i, rest) = rest.split_once(']')?;
    Some((i.parse().ok()?, rest))
}

impl CsvVelden {
    /// The CSV column for a record field path from validation (`personen[0].bsn` →
    /// `persoon1_bsn`), so that a spreadsheet user sees the column to correct.
    pub(crate) fn kolom_van_veld(&self, veld: &str) -> String {
        if let Some((p, rest)) = index(veld, "personen") {
            if let Some((j, _)) = rest.strip_prefix('.').and_then(|r| index(r, "inkomsten")) {
                if let Some(k) = self.inkomen_kolommen.get(p).and_then(|k| k.get(j)) {
                    return k.clone();
                }
            }
            return match rest.strip_prefix('.') {
                Some(v) => format!("persoon{}_{v}", p + 1),
                None => format!("persoon{}", p + 1),
            };
        }
        let lijsten = [
            ("kinderen", "kind", &self.kind_nummers),
            ("medebewoners", "medebewoner", &self.medebewoner_nummers),
        ];
        for (lijst, kolom, nummers) in lijsten {
            if let Some((i, _)) = index(veld, lijst) {
                let n = nummers.get(i).copied().unwrap_or(i + 1);
                return format!("{kolom}{n}_geboortedatum");
            }
            // the list as a whole (too many): the column of the last one
            if veld == lijst {
                if let Some(n) = nummers.last() {
                    return format!("{kolom}{n}_geboortedatum");
                }
            }
        }
        veld.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kolommen_van_velden() {
        let v = CsvVelden {
            inkomen_kolommen: [vec!["persoon1_wia".into()], vec![]],
            kind_nummers: vec![1, 3],
            medebewoner_nummers: vec![2],
        };
        assert_eq!(v.kolom_van_veld("personen[0].inkomsten[0]"), "persoon1_wia");
        assert_eq!(
            v.kolom_van_veld("personen[0].inkomsten[0].bruto_per_jaar"),
            "persoon1_wia"
        );
        assert_eq!(v.kolom_van_veld("personen[1].bsn"), "persoon2_bsn");
        assert_eq!(v.kolom_van_veld("personen[1]"), "persoon2");
        assert_eq!(
            v.kolom_van_veld("kinderen[1].geboortedatum"),
            "kind3_geboortedatum"
        );
        assert_eq!(v.kolom_van_veld("kinderen"), "kind3_geboortedatum");
        assert_eq!(
            v.kolom_van_veld("medebewoners[0].geboortedatum"),
            "medebewoner2_geboortedatum"
        );
        assert_eq!(v.kolom_van_veld("vermogen"), "vermogen");
    }
}
