//! "Did you mean …?" for misspelt field, parameter and key names.

/// The candidate closest to `woord` (edit distance), when it is close enough to be a likely typo.
pub fn dichtstbij<'a>(
    woord: &str,
    kandidaten: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let grens = (woord.chars().count() / 3).max(1);
    kandidaten
        .into_iter()
        .map(|k| (k, strsim::damerau_levenshtein(woord, k)))
        .filter(|(_, d)| *d <= grens)
        .min_by_key(|(k, d)| (*d, *k))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    #[test]
    fn vindt_tikfout() {
        assert_eq!(
            super::dichtstbij("vermogn", ["vermogen", "jaar"]),
            Some("vermogen")
        );
        assert_eq!(super::dichtstbij("xyz", ["vermogen", "jaar"]), None);
    }
}
