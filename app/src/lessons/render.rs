//! Markdown to accessible HTML: Carpentries blocks (fenced divs), heading anchors and a table of
//! contents, tables, images that must have alt text, server-side highlighting, MathML, external
//! links marked, glossary links, and raw HTML through ammonia. Problems are reported by line.

use super::content::Term;
use crate::i18n::{t, Locale};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

pub struct RenderContext<'a> {
    pub locale: Locale,
    pub course: &'a str,
    pub episode: &'a str,
    pub episode_dir: &'a Path,
    pub episodes: &'a HashSet<String>,
    /// Heading ids of every (episode, language) of the course.
    pub anchors: &'a HashMap<(String, Locale), HashSet<String>>,
    pub glossary: &'a [Term],
    /// Line number in the file where the body starts.
    pub first_line: usize,
}

/// Parts of an episode page: public HTML and notes shown only to trainers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Public(String),
    Instructor(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub segments: Vec<Segment>,
    pub toc: Vec<TocEntry>,
    pub problems: Vec<(usize, String)>,
    pub words: usize,
    pub plain: String,
    /// The HTML readers get, and with the instructor notes, each built once at load with an
    /// identity no other rendering in this process has (pages reuse them as fragments).
    pub shared: [(u64, std::sync::Arc<str>); 2],
}

/// Numbers each rendering's fragments: a new load never reuses an old number.
static FRAGMENT_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fragment identity no other fragment in this process has.
pub fn new_fragment_id() -> u64 {
    FRAGMENT_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Rendered {
    /// The body as a fragment `(identity, html)`, for readers or for trainers.
    pub fn fragment(&self, with_instructor_notes: bool) -> (u64, std::sync::Arc<str>) {
        self.shared[usize::from(with_instructor_notes)].clone()
    }

    /// The HTML a reader sees; trainers also get the instructor notes.
    pub fn html(&self, with_instructor_notes: bool) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Public(h) => out.push_str(h),
                Segment::Instructor(h) if with_instructor_notes => out.push_str(h),
                Segment::Instructor(_) => {}
            }
        }
        out
    }
}

const BLOCKS: [&str; 9] = [
    "challenge",
    "solution",
    "hint",
    "callout",
    "instructor",
    "keypoints",
    "prereq",
    "discussion",
    "testimonial",
];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// ASCII slug of a heading: accents folded, spaces to dashes.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in text.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Ids of the headings of a Markdown file (explicit `{#id}` or slugged text).
pub fn heading_ids(text: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for ev in Parser::new_ext(text, options()) {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some((_, buf)) = in_heading.as_mut() {
                    buf.push_str(&s);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, buf)) = in_heading.take() {
                    ids.insert(id.unwrap_or_else(|| slugify(&buf)));
                }
            }
            _ => {}
        }
    }
    ids
}

use crate::kernel::html::escape;

enum Node {
    Markdown { text: String, line: usize },
    Block { kind: String, children: Vec<Node> },
}

/// Splits the body into Markdown runs and fenced-div blocks.
fn parse_blocks(body: &str, first_line: usize, problems: &mut Vec<(usize, String)>) -> Vec<Node> {
    let mut stack: Vec<(String, usize, Vec<Node>)> = vec![(String::new(), first_line, Vec::new())];
    let mut buf = String::new();
    let mut buf_line = first_line;
    let mut in_fence: Option<String> = None;
    for (i, line) in body.lines().enumerate() {
        let n = first_line + i;
        let trimmed = line.trim_end();
        // Colons inside code fences are code.
        let fence = trimmed.trim_start();
        if fence.starts_with("```") || fence.starts_with("~~~") {
            let marker = fence[..3].to_owned();
            in_fence = match &in_fence {
                Some(m) if *m == marker => None,
                Some(m) => Some(m.clone()),
                None => Some(marker),
            };
        }
        let colons = trimmed.chars().take_while(|c| *c == ':').count();
        if in_fence.is_none() && colons >= 3 {
            let rest = trimmed[colons..].trim();
            let flush = |buf: &mut String, stack: &mut Vec<(String, usize, Vec<Node>)>, line: usize| {
                if !buf.trim().is_empty() {
                    if let Some(top) = stack.last_mut() {
                        top.2.push(Node::Markdown { text: std::mem::take(buf), line });
                    }
                }
                buf.clear();
            };
            flush(&mut buf, &mut stack, buf_line);
            buf_line = n + 1;
            if rest.is_empty() {
                if stack.len() > 1 {
                    if let Some((kind, _line, children)) = stack.pop() {
                        if let Some(top) = stack.last_mut() {
                            top.2.push(Node::Block { kind, children });
                        }
                    }
                } else {
                    problems.push((n, "closing `:::` without an open block".to_owned()));
                }
            } else {
                let kind = rest.split_whitespace().next().unwrap_or_default().to_owned();
                if !BLOCKS.contains(&kind.as_str()) {
                    problems.push((n, format!("unknown block type `{kind}`")));
                }
                if matches!(kind.as_str(), "solution" | "hint")
                    && stack.last().map(|s| s.0.as_str()) != Some("challenge")
                {
                    problems.push((n, format!("`{kind}` must be inside a `challenge`")));
                }
                stack.push((kind, n, Vec::new()));
            }
            continue;
        }
        if buf.is_empty() {
            buf_line = n;
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.trim().is_empty() {
        if let Some(top) = stack.last_mut() {
            top.2.push(Node::Markdown { text: buf, line: buf_line });
        }
    }
    while stack.len() > 1 {
        if let Some((kind, line, children)) = stack.pop() {
            problems.push((line, format!("block `{kind}` is never closed")));
            if let Some(top) = stack.last_mut() {
                top.2.push(Node::Block { kind, children });
            }
        }
    }
    stack.pop().map(|s| s.2).unwrap_or_default()
}

struct State<'a, 'c> {
    ctx: &'a RenderContext<'c>,
    problems: Vec<(usize, String)>,
    toc: Vec<TocEntry>,
    used_ids: HashSet<String>,
    plain: String,
    words: usize,
    /// Inside an instructor block: nothing here is public, and none of it feeds search.
    hidden: bool,
}

pub fn render_episode(body: &str, ctx: &RenderContext<'_>) -> Rendered {
    let mut problems = Vec::new();
    let nodes = parse_blocks(body, ctx.first_line, &mut problems);
    let mut st = State {
        ctx,
        problems,
        toc: Vec::new(),
        used_ids: HashSet::new(),
        plain: String::new(),
        words: 0,
        hidden: false,
    };
    let mut segments = Vec::new();
    let mut current = String::new();
    for node in &nodes {
        render_node(node, &mut st, &mut current, &mut segments, 0);
    }
    if !current.is_empty() {
        segments.push(Segment::Public(current));
    }
    let mut rendered = Rendered {
        segments,
        toc: st.toc,
        problems: st.problems,
        words: st.words,
        plain: st.plain,
        shared: Default::default(),
    };
    let id = FRAGMENT_IDS.fetch_add(2, std::sync::atomic::Ordering::Relaxed);
    rendered.shared = [(id, rendered.html(false).into()), (id + 1, rendered.html(true).into())];
    rendered
}

fn render_node(
    node: &Node,
    st: &mut State<'_, '_>,
    out: &mut String,
    segments: &mut Vec<Segment>,
    depth: usize,
) {
    match node {
        Node::Markdown { text, line } => render_markdown(text, *line, st, out, depth == 0),
        Node::Block { kind, children, .. } => {
            let locale = st.ctx.locale;
            let (open, close) = match kind.as_str() {
                "solution" | "hint" => (
                    format!(
                        "<details class=\"block block-{kind}\"><summary>{}</summary>",
                        escape(&t(locale, &format!("lesson-block-{kind}")))
                    ),
                    "</details>".to_owned(),
                ),
                "challenge" => {
                    ("<section class=\"block block-challenge\">".to_owned(), "</section>".to_owned())
                }
                k if BLOCKS.contains(&k) => (
                    format!(
                        "<aside class=\"block block-{k}\"><p class=\"block-label\">{}</p>",
                        escape(&t(locale, &format!("lesson-block-{k}")))
                    ),
                    "</aside>".to_owned(),
                ),
                _ => ("<div class=\"block\">".to_owned(), "</div>".to_owned()),
            };
            if kind == "instructor" && !st.hidden {
                // Everything public so far ends a segment (even if it opens a block that this one
                // sits in: the segments are concatenated, so the markup stays whole); the
                // instructor block and everything inside it, nested blocks included, is one
                // hidden segment.
                if !out.is_empty() {
                    segments.push(Segment::Public(std::mem::take(out)));
                }
                st.hidden = true;
                let mut inner = open;
                for c in children {
                    render_node(c, st, &mut inner, segments, depth + 1);
                }
                st.hidden = false;
                inner.push_str(&close);
                segments.push(Segment::Instructor(inner));
            } else {
                out.push_str(&open);
                for c in children {
                    render_node(c, st, out, segments, depth + 1);
                }
                out.push_str(&close);
            }
        }
    }
}

fn line_at(text: &str, offset: usize, first: usize) -> usize {
    first + text[..offset.min(text.len())].matches('\n').count()
}

/// Where a link goes, checked; `None` when it is broken (a problem is recorded).
fn resolve_link(dest: &str, st: &mut State<'_, '_>, line: usize) -> Option<(String, bool, Option<String>)> {
    let ctx = st.ctx;
    let lang = ctx.locale.code();
    if let Some(id) = dest.strip_prefix("glossary:") {
        return match ctx.glossary.iter().find(|t| t.id == id) {
            Some(term) => Some((
                format!("/{lang}/glossary#{id}"),
                false,
                Some(term.text(ctx.locale).definition.clone()),
            )),
            None => {
                st.problems.push((line, format!("glossary term `{id}` does not exist")));
                None
            }
        };
    }
    if dest.starts_with("http://") || dest.starts_with("https://") {
        return Some((dest.to_owned(), true, None));
    }
    if dest.starts_with("mailto:") {
        return Some((dest.to_owned(), true, None));
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        let ok = ctx.anchors.get(&(ctx.episode.to_owned(), ctx.locale)).is_some_and(|a| a.contains(anchor));
        if !ok {
            st.problems.push((line, format!("link to `#{anchor}`, which no heading here has")));
        }
        return Some((dest.to_owned(), false, None));
    }
    if let Some(rest) = dest.strip_prefix("../") {
        let (path, anchor) = rest.split_once('#').map(|(p, a)| (p, Some(a))).unwrap_or((rest, None));
        let slug = path.trim_end_matches('/');
        if !ctx.episodes.contains(slug) {
            st.problems.push((line, format!("link to episode `{slug}`, which is not in this course")));
            return None;
        }
        if let Some(a) = anchor {
            let found = Locale::ALL
                .iter()
                .filter_map(|l| ctx.anchors.get(&(slug.to_owned(), *l)))
                .any(|ids| ids.contains(a));
            if !found {
                st.problems.push((line, format!("link to `{slug}#{a}`, which has no such heading")));
            }
        }
        let href = format!(
            "/{lang}/courses/{}/{slug}{}",
            ctx.course,
            anchor.map(|a| format!("#{a}")).unwrap_or_default()
        );
        return Some((href, false, None));
    }
    // A file of the episode (data, notebooks, images).
    let clean = dest.split(['#', '?']).next().unwrap_or_default();
    if clean.contains("..") || clean.starts_with('/') || clean.contains(':') {
        st.problems.push((
            line,
            format!("link `{dest}` must be relative to the episode, a sibling episode or glossary:"),
        ));
        return None;
    }
    if !ctx.episode_dir.join(clean).is_file() {
        st.problems.push((line, format!("link to `{clean}`, which does not exist")));
        return None;
    }
    Some((format!("/content/{}/{}/{clean}", ctx.course, ctx.episode), false, None))
}

fn math(tex: &str, display: bool) -> Result<String, String> {
    let style = if display { latex2mathml::DisplayStyle::Block } else { latex2mathml::DisplayStyle::Inline };
    latex2mathml::latex_to_mathml(tex, style).map(|m| sanitize_mathml(&m)).map_err(|e| e.to_string())
}

/// MathML elements presentation math needs, and nothing else (no `href`, no `maction`, no
/// foreign content): latex2mathml's output is passed through this allow-list.
const MATHML_TAGS: [&str; 30] = [
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "mfenced",
    "merror",
    "mlabeledtr",
    "none",
];
const MATHML_ATTRIBUTES: [&str; 24] = [
    "display",
    "xmlns",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "columnalign",
    "rowalign",
    "displaystyle",
    "scriptlevel",
    "linethickness",
    "width",
    "height",
    "depth",
    "encoding",
    "notation",
    "open",
    "close",
    "separators",
    "movablelimits",
];

/// Keeps only allow-listed MathML (elements, attributes) and escapes any text.
pub fn sanitize_mathml(mathml: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags(MATHML_TAGS).add_generic_attributes(MATHML_ATTRIBUTES).url_schemes(HashSet::new());
        b
    });
    CLEANER.clean(mathml).to_string()
}

/// A heading being collected: level, explicit id, inner events, its text, its line.
type OpenHeading<'e> = (HeadingLevel, Option<String>, Vec<Event<'e>>, String, usize);

fn render_markdown(text: &str, first_line: usize, st: &mut State<'_, '_>, out: &mut String, top_level: bool) {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut code: Option<(String, String)> = None;
    let mut image: Option<(String, String, usize)> = None;
    let mut link_stack: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(text, options()).into_offset_iter();
    for (ev, range) in parser {
        let line = line_at(text, range.start, first_line);
        // Collecting a code block's text.
        if let Some((_, buf)) = code.as_mut() {
            match ev {
                Event::Text(s) => {
                    buf.push_str(&s);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, buf)) = code.take() {
                        events
                            .push(Event::Html(CowStr::from(crate::kernel::markdown::highlight(&lang, &buf))));
                    }
                    continue;
                }
                _ => continue,
            }
        }
        if let Some((_, alt, _)) = image.as_mut() {
            match ev {
                Event::Text(s) | Event::Code(s) => {
                    alt.push_str(&s);
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    if let Some((src, alt, line)) = image.take() {
                        if alt.trim().is_empty() {
                            st.problems.push((line, format!("image `{src}` has no alt text")));
                        }
                        let clean = src.split(['#', '?']).next().unwrap_or_default().to_owned();
                        let ok = !clean.contains("..") && !clean.starts_with('/') && !clean.contains(':');
                        if !ok || !st.ctx.episode_dir.join(&clean).is_file() {
                            st.problems
                                .push((line, format!("image `{src}` does not exist in the episode folder")));
                        }
                        let html = format!(
                            "<img src=\"/content/{}/{}/{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
                            escape(st.ctx.course),
                            escape(st.ctx.episode),
                            escape(&clean),
                            escape(alt.trim())
                        );
                        push(&mut events, &mut heading, Event::Html(CowStr::from(html)));
                    }
                    continue;
                }
                _ => continue,
            }
        }
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|i| i.to_string()), Vec::new(), String::new(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner, textbuf, _)) = heading.take() {
                    let mut id = id.unwrap_or_else(|| slugify(&textbuf));
                    if id.is_empty() {
                        id = "section".to_owned();
                    }
                    let mut unique = id.clone();
                    let mut n = 2;
                    while !st.used_ids.insert(unique.clone()) {
                        unique = format!("{id}-{n}");
                        n += 1;
                    }
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    if top_level && level == HeadingLevel::H2 {
                        st.toc.push(TocEntry { id: unique.clone(), text: textbuf.trim().to_owned() });
                    }
                    let n = level as usize;
                    events.push(Event::Html(CowStr::from(format!(
                        "<h{n} id=\"{id}\">{inner_html} <a class=\"anchor\" href=\"#{id}\" aria-label=\"{label}\">#</a></h{n}>",
                        id = escape(&unique),
                        label = escape(&format!("{}: {}", t(st.ctx.locale, "lesson-anchor"), textbuf.trim())),
                    ))));
                    if !st.hidden {
                        st.plain.push_str(&textbuf);
                        st.plain.push('\n');
                    }
                }
            }
            // Wide tables scroll sideways in a region keyboard users can focus.
            Event::Start(Tag::Table(aligns)) => {
                push(
                    &mut events,
                    &mut heading,
                    Event::Html(CowStr::from("<div class=\"table-scroll\" tabindex=\"0\">")),
                );
                push(&mut events, &mut heading, Event::Start(Tag::Table(aligns)));
            }
            Event::End(TagEnd::Table) => {
                push(&mut events, &mut heading, Event::End(TagEnd::Table));
                push(&mut events, &mut heading, Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or_default().to_ascii_lowercase()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new(), line));
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => match resolve_link(&dest_url, st, line) {
                Some((href, external, definition)) => {
                    let mut attrs = format!("href=\"{}\"", escape(&href));
                    if external {
                        attrs.push_str(" class=\"external\" rel=\"noopener noreferrer\"");
                    }
                    if let Some(def) = definition.or_else(|| (!title.is_empty()).then(|| title.to_string())) {
                        attrs.push_str(&format!(" title=\"{}\"", escape(&def)));
                        if dest_url.starts_with("glossary:") {
                            attrs.push_str(" class=\"glossary-term\"");
                        }
                    }
                    push(&mut events, &mut heading, Event::Html(CowStr::from(format!("<a {attrs}>"))));
                    link_stack.push(external);
                }
                None => {
                    push(
                        &mut events,
                        &mut heading,
                        Event::Html(CowStr::from("<span class=\"broken-link\">")),
                    );
                    link_stack.push(false);
                }
            },
            Event::End(TagEnd::Link) => {
                let external = link_stack.pop().unwrap_or(false);
                let close = if external {
                    format!(
                        "<span class=\"visually-hidden\"> ({})</span></a>",
                        escape(&t(st.ctx.locale, "lesson-external-link"))
                    )
                } else {
                    "</a>".to_owned()
                };
                push(&mut events, &mut heading, Event::Html(CowStr::from(close)));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                let (tex, display) = match ev {
                    Event::DisplayMath(t) => (t, true),
                    Event::InlineMath(t) => (t, false),
                    _ => continue,
                };
                match math(&tex, display) {
                    Ok(m) => push(&mut events, &mut heading, Event::Html(CowStr::from(m))),
                    Err(e) => {
                        st.problems.push((line, format!("math `{tex}` cannot be rendered: {e}")));
                        push(&mut events, &mut heading, Event::Code(tex));
                    }
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // Authors' raw HTML is sanitised; nothing executable survives.
                let clean = ammonia::clean(&raw);
                push(&mut events, &mut heading, Event::Html(CowStr::from(clean)));
            }
            Event::Text(s) => {
                if let Some((_, _, _, buf, _)) = heading.as_mut() {
                    buf.push_str(&s);
                } else if !st.hidden {
                    st.plain.push_str(&s);
                    st.plain.push(' ');
                    st.words += s.split_whitespace().count();
                }
                push(&mut events, &mut heading, Event::Text(s));
            }
            Event::Code(s) => {
                if let Some((_, _, _, buf, _)) = heading.as_mut() {
                    buf.push_str(&s);
                }
                push(&mut events, &mut heading, Event::Code(s));
            }
            other => push(&mut events, &mut heading, other),
        }
    }
    pulldown_cmark::html::push_html(out, events.into_iter());
}

/// Sends an event to the heading being collected, or to the output.
fn push<'e>(events: &mut Vec<Event<'e>>, heading: &mut Option<OpenHeading<'e>>, ev: Event<'e>) {
    match heading.as_mut() {
        Some((_, _, inner, _, _)) => inner.push(ev),
        None => events.push(ev),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx_render(body: &str) -> Rendered {
        let episodes: HashSet<String> = ["01-a".to_owned(), "02-b".to_owned()].into_iter().collect();
        let mut anchors = HashMap::new();
        anchors.insert(("01-a".to_owned(), Locale::Es), heading_ids(body));
        anchors.insert(("02-b".to_owned(), Locale::Es), ["submit".to_owned()].into_iter().collect());
        let glossary = vec![];
        let dir = std::env::temp_dir();
        let ctx = RenderContext {
            locale: Locale::Es,
            course: "c",
            episode: "01-a",
            episode_dir: &dir,
            episodes: &episodes,
            anchors: &anchors,
            glossary: &glossary,
            first_line: 10,
        };
        render_episode(body, &ctx)
    }

    #[test]
    fn instructor_notes_stay_hidden_wherever_they_are_nested() {
        for body in [
            "Público uno.\n\n::: instructor\nSECRETO directo.\n:::\n",
            "::: challenge\nReto público.\n\n::: instructor\nSECRETO en un reto.\n:::\n\n::: solution\nSolución pública.\n:::\n:::\n",
            "::: instructor\nNota.\n\n::: callout\nSECRETO en un aviso dentro de la nota.\n\n::: instructor\nSECRETO anidado dos veces.\n:::\n:::\n:::\nFin público.\n",
        ] {
            let r = ctx_render(body);
            let public = r.html(false);
            assert!(!public.contains("SECRETO"), "leaked to the public page: {public}");
            assert!(!r.plain.contains("SECRETO"), "leaked to the search index: {}", r.plain);
            assert!(r.html(true).contains("SECRETO"), "trainers see the notes");
            // The public markup stays balanced.
            assert_eq!(public.matches("<section").count(), public.matches("</section>").count(), "{public}");
            assert_eq!(public.matches("<aside").count(), public.matches("</aside>").count(), "{public}");
        }
    }

    #[test]
    fn mathml_keeps_only_presentation_markup() {
        let m = math("x^2 + \\frac{a}{b}", false).unwrap();
        assert!(m.contains("<math") && m.contains("<msup>") && m.contains("<mfrac>"), "{m}");
        let hostile = sanitize_mathml(
            "<math><mi href=\"javascript:alert(1)\" onclick=\"x()\">a</mi><maction actiontype=\"x\"><mi>b</mi></maction><script>alert(1)</script><mtext><img src=x onerror=y></mtext></math>",
        );
        for bad in ["href", "onclick", "maction", "<script", "<img", "onerror"] {
            assert!(!hostile.contains(bad), "{bad} survived: {hostile}");
        }
        assert!(hostile.contains("<mi>a</mi>"), "{hostile}");
    }

    #[test]
    fn blocks_become_accessible_html_and_instructor_notes_are_separate() {
        let r = ctx_render(
            "## Inicio {#start}\n\nTexto.\n\n:::::: challenge\n## Desafío\n\n¿Qué?\n\n::: solution\n`pwd`\n:::\n::::::\n\n:::: instructor\nNota.\n::::\n",
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let public = r.html(false);
        assert!(public.contains("<details class=\"block block-solution\"><summary>"));
        assert!(public.contains("<h2 id=\"start\">"));
        assert!(!public.contains("Nota."));
        assert!(r.html(true).contains("Nota."));
        assert_eq!(r.toc, vec![TocEntry { id: "start".into(), text: "Inicio".into() }]);
    }

    #[test]
    fn problems_carry_line_numbers() {
        let r = ctx_render("Texto.\n\n![](images/x.png)\n\n[roto](../99-x/)\n\n[ancla](../02-b/#nope)\n\n[glos](glossary:nada)\n");
        let lines: Vec<usize> = r.problems.iter().map(|p| p.0).collect();
        assert!(lines.contains(&12), "{:?}", r.problems);
        assert!(r.problems.iter().any(|(l, m)| *l == 12 && m.contains("no alt text")));
        assert!(r.problems.iter().any(|(l, m)| *l == 14 && m.contains("99-x")));
        assert!(r.problems.iter().any(|(l, m)| *l == 16 && m.contains("nope")));
        assert!(r.problems.iter().any(|(l, m)| *l == 18 && m.contains("nada")));
    }

    #[test]
    fn hostile_html_is_sanitised_and_links_marked() {
        let r = ctx_render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[fuera](https://example.org) y [otro](../02-b/#submit)\n");
        let html = r.html(true);
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("class=\"external\" rel=\"noopener noreferrer\""));
        assert!(html.contains("href=\"/es/courses/c/02-b#submit\""));
    }

    #[test]
    fn code_is_highlighted_on_the_server_and_math_is_mathml() {
        let r = ctx_render("```bash\nsbatch job.sh # enviar\n```\n\n```output\nSubmitted batch job 42\n```\n\nEnergía $E = mc^2$.\n");
        let html = r.html(false);
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("<pre class=\"output\""));
        assert!(html.contains("<math"));
    }

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(slugify("¿Qué es un clúster?"), "que-es-un-cluster");
    }
}
