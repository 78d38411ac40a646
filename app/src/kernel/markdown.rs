//! Markdown written by people (cohort descriptions, forum posts) to HTML that is safe to show
//! to everyone else, and the code highlighting lessons share. Links carry
//! `rel="nofollow ugc noopener noreferrer"` and ammonia cleans every result once more.
//!
//! Descriptions show raw HTML as text. Forum posts accept a small allow-list of inline HTML
//! (`kbd`, `sub`, `sup`, `mark`, `details`…), highlight code blocks, show images as links (no
//! third-party requests from readers' browsers, no surprise megabytes on metered connections),
//! strip tokens from links (a notebook URL pasted with its `?token=` gives nobody access), and
//! refuse nesting deep enough to be an attack on the renderer.

use crate::kernel::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

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

/// A code block as HTML, highlighted on the server for the languages researchers use (classes
/// `hl-*`, styled by the site's CSS); any other language is shown as plain, escaped text.
pub fn highlight(lang: &str, code: &str) -> String {
    let syntax_name = match lang {
        "bash" | "sh" | "shell" | "slurm" => Some("Bourne Again Shell (bash)"),
        "python" | "py" => Some("Python"),
        "r" => Some("R"),
        "json" => Some("JSON"),
        "yaml" | "yml" => Some("YAML"),
        "sql" => Some("SQL"),
        _ => None,
    };
    let label = escape(lang);
    let Some(syntax) = syntax_name.and_then(|n| SYNTAXES.find_syntax_by_name(n)) else {
        let class = if lang == "output" { "output" } else { "code" };
        return format!(
            "<pre class=\"{class}\" data-lang=\"{label}\" tabindex=\"0\"><code>{}</code></pre>",
            escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if gen.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!(
                "<pre class=\"code\" data-lang=\"{label}\" tabindex=\"0\"><code>{}</code></pre>",
                escape(code)
            );
        }
    }
    format!("<pre class=\"code\" data-lang=\"{label}\" tabindex=\"0\"><code>{}</code></pre>", gen.finalize())
}

/// A forum post rendered, with what the limits for new members count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub html: String,
    pub links: usize,
    pub images: usize,
    /// `@handle`s in the text (never inside code or links), lower-case, each once, in order.
    pub mentions: Vec<String>,
}

/// Block nesting (quotes, lists) deeper than this is refused: no person writes it, and only an
/// attack on the renderer needs it.
pub const MAX_DEPTH: usize = 16;

static POST_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("nofollow ugc noopener noreferrer"));
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.rm_tags(["img"]);
    b.add_tags(["kbd", "mark", "details", "summary", "span"]);
    b.add_tag_attributes("pre", ["data-lang", "tabindex", "class"]);
    b.add_tag_attributes("span", ["class"]);
    b.add_tag_attributes("a", ["class"]);
    // Classes: only the highlighter's and the ones the renderer itself writes.
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        (_, "class") => {
            let ok = value.split_whitespace().all(|c| {
                c.starts_with("hl-")
                    || matches!((element, c), ("pre", "code" | "output") | ("span" | "a", "mention"))
            });
            ok.then(|| value.into())
        }
        _ => Some(value.into()),
    });
    b
});

static MENTION: LazyLock<regex::Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a fixed pattern
    regex::Regex::new(r"(?:^|[^\w@./])@([A-Za-z0-9_]{2,30})\b").expect("mention pattern")
});

/// Renders a forum post, or names the problem (a Fluent id) when it cannot be shown.
pub fn post_html(markdown: &str) -> Result<Post, &'static str> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // First the shape: refuse what is nested too deep before any HTML is built.
    let mut depth = 0usize;
    for e in Parser::new_ext(markdown, options) {
        match e {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err("forum-post-too-deep");
                }
            }
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    let mut links = 0;
    let mut images = 0;
    let mut mentions: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut in_link = 0usize;
    let mut image_alt: Option<(String, String)> = None;
    for e in Parser::new_ext(markdown, options) {
        if let Some((_, buf)) = code.as_mut() {
            match e {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = code.take().unwrap_or_default();
                    events.push(Event::Html(CowStr::from(highlight(&lang, &buf))));
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, alt)) = image_alt.as_mut() {
            match e {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let (url, alt) = image_alt.take().unwrap_or_default();
                    let label = if alt.trim().is_empty() { url.clone() } else { alt };
                    events.push(Event::Html(CowStr::from(format!(
                        "<a href=\"{}\">🖼 {}</a>",
                        escape(&url),
                        escape(&label)
                    ))));
                }
                _ => {}
            }
            continue;
        }
        match e {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or_default().to_lowercase()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                images += 1;
                image_alt = Some((without_tokens(&dest_url), String::new()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                links += 1;
                in_link += 1;
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(without_tokens(&dest_url)),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
            }
            Event::Text(t) if in_link == 0 => {
                for c in MENTION.captures_iter(&t) {
                    let handle = c[1].to_lowercase();
                    if seen.insert(handle.clone()) {
                        mentions.push(handle);
                    }
                }
                events.push(Event::Text(t));
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Post { html: POST_CLEANER.clean(&html).to_string(), links, images, mentions })
}

/// A link without credentials in its query (`token`, `_xsrf`, `access_token`): pasting the
/// address of one's notebook never hands it to readers.
fn without_tokens(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else { return url.to_owned() };
    if parsed.query().is_none() {
        return url.to_owned();
    }
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !matches!(k.to_ascii_lowercase().as_str(), "token" | "_xsrf" | "access_token"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    parsed.to_string()
}

/// The words a person reads in a post, for search: text and code, without link targets, HTML
/// tags or Markdown syntax; blocks end with a line break.
pub fn post_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::new();
    for e in Parser::new_ext(markdown, options) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
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

    #[test]
    fn forum_posts_keep_code_and_mentions_apart_and_drop_tokens() {
        let p = post_html("Hola @Ana_Souza y @bruno.\n\n```python\nprint('@nadie')\n```\n\n`@tampoco` [@link](https://e.example/?token=abc&x=1) ![gráfico](https://e.example/a.png)").unwrap();
        assert_eq!(p.mentions, vec!["ana_souza".to_owned(), "bruno".to_owned()]);
        assert!(p.html.contains("class=\"hl-"), "{}", p.html);
        assert!(p.html.contains("https://e.example/?x=1"), "{}", p.html);
        assert!(!p.html.contains("token"), "{}", p.html);
        assert!(!p.html.contains("<img"), "{}", p.html);
        assert_eq!((p.links, p.images), (1, 1));
        let deep = format!("{}x", "> ".repeat(40));
        assert_eq!(post_html(&deep), Err("forum-post-too-deep"));
        let deep_lists = (0..40).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>();
        assert_eq!(post_html(&deep_lists), Err("forum-post-too-deep"));
        let ok = post_html("<kbd>Ctrl</kbd> <sub>2</sub> <b onclick=x>b</b> <span class=\"evil\">s</span>")
            .unwrap();
        assert!(
            ok.html.contains("<kbd>Ctrl</kbd>") && !ok.html.contains("onclick") && !ok.html.contains("evil"),
            "{}",
            ok.html
        );
    }

    #[test]
    fn post_text_keeps_words_not_syntax() {
        let text = post_text("# Título\n\nUsa `sbatch` y [la guía](https://x.org/secret?token=1) <b>ya</b>\n\n```bash\nsrun -n 4\n```");
        assert!(
            text.contains("Título")
                && text.contains("sbatch")
                && text.contains("la guía")
                && text.contains("srun -n 4"),
            "{text}"
        );
        assert!(!text.contains("https") && !text.contains("<b>") && !text.contains('#'), "{text}");
    }
}
