//! Text for HTML: the one escaper of every HTML avp writes (reports, the API page, letters).

/// `t` with `&`, `<`, `>`, `"` and `'` escaped, for element content and quoted attributes.
pub fn html_tekst(t: &str) -> String {
    let mut uit = String::with_capacity(t.len());
    // writing to a String cannot fail
    let _ = pulldown_cmark_escape::escape_html(&mut uit, t);
    uit
}

#[cfg(test)]
mod tests {
    #[test]
    fn ontsnapt_wat_html_betekent() {
        assert_eq!(
            super::html_tekst(r#"<b>"A" & 'B'</b>"#),
            "&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;"
        );
        assert_eq!(super::html_tekst("€ 1.000,00"), "€ 1.000,00");
    }
}
