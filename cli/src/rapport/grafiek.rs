//! Bar charts as SVG (plotters' SVG backend): groups along the x axis, one bar per series in
//! each group, whole numbers on the y axis (counts, or amounts in whole euros; no floating
//! point for money). Each chart carries a title and an `aria-label` for screen readers.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One series: its name in the legend, its colour, one value per group.
pub struct Reeks<'a> {
    /// Legend text.
    pub naam: &'a str,
    /// Bar colour.
    pub kleur: RGBColor,
    /// One value per group.
    pub waarden: Vec<i64>,
}

/// Colours with enough contrast on white (WCAG AA for graphics, 3:1).
pub const BLAUW: RGBColor = RGBColor(21, 66, 115);
/// For a rise or a gain.
pub const GROEN: RGBColor = RGBColor(11, 110, 42);
/// For a fall or a loss.
pub const ROOD: RGBColor = RGBColor(176, 0, 32);
/// A second neutral.
pub const GRIJS: RGBColor = RGBColor(90, 90, 90);

/// A grouped bar chart; `eenheid` names the y axis. The SVG text, or the drawing error (a
/// panic inside the chart crate included: a report never stops on a chart).
pub fn staven(
    titel: &str,
    groepen: &[String],
    reeksen: &[Reeks<'_>],
    eenheid: &str,
) -> Result<String, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        teken(titel, groepen, reeksen, eenheid)
    }))
    .unwrap_or_else(|_| Err("de grafiekbibliotheek kon deze gegevens niet tekenen".into()))
}

fn teken(
    titel: &str,
    groepen: &[String],
    reeksen: &[Reeks<'_>],
    eenheid: &str,
) -> Result<String, String> {
    let (laag, hoog) = bereik(reeksen);
    let mut svg = String::new();
    {
        let vlak = SVGBackend::with_string(&mut svg, (760, 360)).into_drawing_area();
        vlak.fill(&WHITE).map_err(|e| e.to_string())?;
        let n = groepen.len().max(1) as i64;
        let mut kaart = ChartBuilder::on(&vlak)
            .caption(titel, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(60)
            .y_label_area_size(90)
            .build_cartesian_2d(0i64..n * 10, laag..hoog)
            .map_err(|e| e.to_string())?;
        kaart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(1)
            .x_label_formatter(&|_| String::new())
            .y_desc(eenheid)
            .y_label_formatter(&|y| getal(*y))
            .draw()
            .map_err(|e| e.to_string())?;
        let breedte = 8 / reeksen.len().max(1) as i64;
        for (r, reeks) in reeksen.iter().enumerate() {
            let kleur = reeks.kleur;
            let staven = reeks.waarden.iter().enumerate().map(move |(g, w)| {
                let x0 = g as i64 * 10 + 1 + r as i64 * breedte;
                Rectangle::new([(x0, 0), (x0 + breedte, *w)], kleur.filled())
            });
            kaart
                .draw_series(staven)
                .map_err(|e| e.to_string())?
                .label(reeks.naam)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], kleur.filled())
                });
        }
        // the group names under their bars, centred (the axis ticks of plotters fall elsewhere)
        let stijl = ("sans-serif", 13)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (g, naam) in groepen.iter().enumerate() {
            let (px, py) = kaart.backend_coord(&(g as i64 * 10 + 5, laag));
            vlak.draw(&Text::new(naam.clone(), (px, py + 8), stijl.clone()))
                .map_err(|e| e.to_string())?;
        }
        if reeksen.len() > 1 {
            kaart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK)
                .draw()
                .map_err(|e| e.to_string())?;
        }
        vlak.present().map_err(|e| e.to_string())?;
    }
    let label = format!(
        "role=\"img\" aria-label=\"{}\" ",
        crate::render::html_tekst(titel)
    );
    Ok(svg.replacen("<svg ", &format!("<svg {label}"), 1))
}

/// The y range: from the lowest to the highest value, with zero in it and some room above.
fn bereik(reeksen: &[Reeks<'_>]) -> (i64, i64) {
    let alle = reeksen.iter().flat_map(|r| r.waarden.iter().copied());
    let (min, max) = alle.fold((0i64, 0i64), |(a, b), w| (a.min(w), b.max(w)));
    let ruimte = |w: i64| w + (w.abs() / 10).max(1);
    (if min < 0 { -ruimte(-min) } else { 0 }, ruimte(max))
}

/// A whole number in Dutch notation, with a minus sign.
fn getal(y: i64) -> String {
    let g = crate::notatie::getal(y.unsigned_abs());
    if y < 0 {
        format!("−{g}")
    } else {
        g
    }
}
