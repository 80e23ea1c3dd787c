//! The rekenhulp: one page for a case worker (`GET /`), its script and style, all compiled into
//! the binary (no CDN, no build step, works offline); and the frame of every page.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

/// `GET /`: the form.
pub async fn rekenhulp() -> Html<&'static str> {
    Html(include_str!("pagina/index.html"))
}

/// `GET /rekenhulp.js`.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("pagina/rekenhulp.js"),
    )
        .into_response()
}

/// `GET /rekenhulp.css`.
pub async fn stijl() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("pagina/rekenhulp.css"),
    )
        .into_response()
}

/// A page around `inhoud` (already HTML), with the rekenhulp's style.
pub fn omhul(titel: &str, inhoud: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"/rekenhulp.css\">\n</head>\n<body>\n<main>\n{inhoud}</main>\n</body>\n</html>\n",
        crate::render::html_tekst(titel)
    )
}
