//! `avp test --junit FILE`: the golden cases' results as JUnit XML, the format CI systems read
//! (GitLab, Jenkins, GitHub actions), for a rule repository's pipeline.

/// One case: a `<testcase>`, with a `<failure>` holding `melding` when it failed.
pub fn geval(pad: &str, naam: &str, melding: &str) -> String {
    let mut s = format!(
        "    <testcase classname=\"{}\" name=\"{}\">",
        xml(pad),
        xml(naam)
    );
    if !melding.is_empty() {
        let eerste = melding.lines().next().unwrap_or_default();
        s.push_str(&format!(
            "\n      <failure message=\"{}\">{}</failure>\n    ",
            xml(eerste),
            xml(melding)
        ));
    }
    s.push_str("</testcase>\n");
    s
}

/// The whole report around the cases.
pub fn rapport(aantal: usize, mislukt: usize, gevallen: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{aantal}\" failures=\"{mislukt}\">\n  <testsuite name=\"avp test\" tests=\"{aantal}\" failures=\"{mislukt}\" errors=\"0\">\n{gevallen}  </testsuite>\n</testsuites>\n"
    )
}

/// Text for XML (element content and attribute values).
fn xml(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
