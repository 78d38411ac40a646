//! Markdown written by people (cohort descriptions, later forum posts) to HTML that is safe to
//! show to everyone else: no raw HTML passes (it is shown as text), links carry
//! `rel="nofollow ugc noopener noreferrer"`, and ammonia cleans the result once more.

use pulldown_cmark::{Event, Options, Parser};
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("nofollow ugc noopener noreferrer"));
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b
});

/// Renders `markdown` (CommonMark with tables and strikethrough) to sanitised HTML.
pub fn user_html(markdown: &str) -> String {
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|e| match e {
            // Raw HTML is shown as what it is, never interpreted.
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            e => e,
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    CLEANER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markdown_becomes_harmless_html() {
        let out = user_html("**Hola** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://e.example)\n\n<img src=x onerror=alert(1)>");
        assert!(out.contains("<strong>Hola</strong>"));
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("rel=\"nofollow ugc noopener noreferrer\""), "{out}");
        assert!(out.contains("&lt;script&gt;"), "raw HTML is shown as text: {out}");
    }
}
