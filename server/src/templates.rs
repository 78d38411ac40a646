//! Signed-in episode pages made from a template per shape.
//!
//! An episode read by a signed-in person differs from the same episode read by another only in a
//! few values: her name in the header, the CSRF token in each form and the response's CSP nonce.
//! Everything else follows from a handful of facts, the page's *shape*: the address, the content
//! version, her roles and account flags, whether she marked the episode done, and the reply count.
//! The first reader of a shape has the page rendered by Leptos with stand-ins in place of those
//! values ([`Stand`]); the result, finished, is kept cut at the stand-ins, and every reader of
//! that shape gets it with her own values filled in, escaped as Leptos escapes them.
//!
//! Nothing of the first reader can reach another: her page is not what is kept. The render that
//! makes a template never sees her name, address, account number, session or other progress
//! (stand-ins, or nothing), and a template in which a stand-in other than the three filled ones
//! shows up, or the name outside text, is refused: that shape is then rendered per request.

use app::http::{CspNonce, CsrfToken, CurrentSession, CurrentUser, Fragment, Fragments};
use app::lessons::handlers::EpisodeData;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Says a page came from a template (`hit`) or made one (`miss`), as `x-puente-cache` says of
/// shared pages.
pub const TEMPLATE_HEADER: &str = "x-puente-template";

/// Templates kept at most (episodes × languages × the shapes their readers have).
const KEPT: usize = 2048;

/// What a template is made for: everything a signed-in episode page shows besides the values
/// filled in per request.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Shape {
    path: String,
    lessons: u64,
    roles: Vec<app::auth::Role>,
    locale: app::i18n::Locale,
    verified: bool,
    totp: bool,
    mfa: bool,
    mfa_pending: bool,
    conduct_version: i64,
    done: bool,
    replies: Option<i64>,
}

/// The values of one request that a template leaves out.
struct Values {
    name: String,
    csrf: String,
    nonce: String,
}

/// The stand-ins a template is rendered with: random per process, letters and digits only (no
/// escaping changes them), never sent to anyone.
struct Stand {
    name: String,
    csrf: String,
    nonce: String,
    /// Must not show up at all (the page is not meant to show them).
    email: String,
    session: String,
    user_id: i64,
}

impl Stand {
    fn new() -> Stand {
        let word =
            |what: &str| format!("puente{what}{}", crate::security::new_nonce().replace(['+', '/', '='], ""));
        Stand {
            name: word("name"),
            csrf: word("csrf"),
            nonce: word("nonce"),
            email: word("email"),
            session: word("session"),
            user_id: i64::from(rand::random::<u32>()) + 9_000_000_000_000,
        }
    }
}

enum Part {
    Text(Range),
    Name,
    Csrf,
    Nonce,
}

type Range = std::ops::Range<usize>;

/// A finished page cut at its stand-ins.
struct Template {
    text: String,
    parts: Vec<Part>,
    fragments: Vec<Fragment>,
    /// The render's content type: nothing else it might have set is replayed to others.
    content_type: Option<HeaderValue>,
}

impl Template {
    /// The template in `page` (finished), or why it cannot be one.
    fn cut(
        page: String,
        stand: &Stand,
        fragments: Vec<Fragment>,
        content_type: Option<HeaderValue>,
    ) -> Result<Template, &'static str> {
        let id = stand.user_id.to_string();
        if [stand.email.as_str(), stand.session.as_str(), id.as_str()].iter().any(|s| page.contains(s)) {
            return Err("the page shows who its reader is beyond her name");
        }
        let mut found: Vec<(usize, usize, u8)> = Vec::new();
        for (kind, word) in [(0u8, &stand.name), (1, &stand.csrf), (2, &stand.nonce)] {
            found.extend(page.match_indices(word.as_str()).map(|(at, w)| (at, at + w.len(), kind)));
        }
        found.sort_unstable();
        let mut parts = Vec::with_capacity(found.len() * 2 + 1);
        let mut from = 0;
        for (start, end, kind) in found {
            if kind == 0 && !in_plain_text(&page[..start], &page[end..]) {
                return Err(
                    "the reader's name is not an element's whole text, where text escaping is enough",
                );
            }
            parts.push(Part::Text(from..start));
            parts.push(match kind {
                0 => Part::Name,
                1 => Part::Csrf,
                _ => Part::Nonce,
            });
            from = end;
        }
        parts.push(Part::Text(from..page.len()));
        Ok(Template { text: page, parts, fragments, content_type })
    }

    /// The reader's page; `how` says whether the template was just made (`miss`) or kept (`hit`).
    fn fill(&self, values: &Values, fragments: &Fragments, how: &'static str) -> Response {
        let name = html_escape::encode_text(&values.name);
        let mut page = String::with_capacity(self.text.len() + 256);
        for part in &self.parts {
            page.push_str(match part {
                Part::Text(r) => &self.text[r.clone()],
                Part::Name => &name,
                Part::Csrf => &values.csrf,
                Part::Nonce => &values.nonce,
            });
        }
        fragments.ask_all(&self.fragments);
        let mut res = Response::new(Body::from(page));
        if let Some(kind) = &self.content_type {
            res.headers_mut().insert(header::CONTENT_TYPE, kind.clone());
        }
        res.headers_mut().insert(TEMPLATE_HEADER, HeaderValue::from_static(how));
        res.extensions_mut().insert(crate::html::Finished);
        res
    }
}

/// Whether text between `before` and `after` is an element's whole text in ordinary HTML, where
/// escaping `&`, `<` and `>` is all it needs: right after a tag, right before one, and neither in
/// a comment nor in an element whose text is not HTML (script, style) or is kept raw (textarea,
/// title).
fn in_plain_text(before: &str, after: &str) -> bool {
    if !before.ends_with('>') || !after.starts_with('<') {
        return false;
    }
    let lower = before.to_ascii_lowercase();
    let open = |opening: &str, closing: &str| match (lower.rfind(opening), lower.rfind(closing)) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    };
    !open("<!--", "-->")
        && !["script", "style", "textarea", "title"]
            .iter()
            .any(|tag| open(&format!("<{tag}"), &format!("</{tag}")))
}

/// What tokens and nonces are made of (base64, either alphabet), the same escaped or not.
fn plain(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_+/=".contains(&b))
}

pub struct Templates {
    lessons: app::lessons::Library,
    stand: Stand,
    kept: Mutex<Kept>,
    /// Shapes whose page cannot be a template: rendered per request from then on.
    refused: Mutex<std::collections::HashSet<Shape>>,
    counts: Counts,
}

#[derive(Default)]
struct Kept {
    /// The content version of the templates kept: a reload lets the older ones (and the episode
    /// bodies they hold) go at the next template made.
    lessons: u64,
    templates: HashMap<Shape, Arc<Template>>,
}

#[derive(Default)]
struct Counts {
    hits: AtomicU64,
    misses: AtomicU64,
    refusals: AtomicU64,
}

/// What `/metrics` says of the templates.
pub struct Stats {
    pub templates: usize,
    /// The templates' own text (the fragments they name are the splicer's, kept once).
    pub bytes: usize,
    pub hits: u64,
    pub misses: u64,
    pub refusals: u64,
}

impl Templates {
    pub fn new(lessons: app::lessons::Library) -> Templates {
        Templates {
            lessons,
            stand: Stand::new(),
            kept: Mutex::new(Kept::default()),
            refused: Mutex::new(std::collections::HashSet::new()),
            counts: Counts::default(),
        }
    }

    pub fn stats(&self) -> Stats {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        Stats {
            templates: kept.templates.len(),
            bytes: kept.templates.values().map(|t| t.text.len()).sum(),
            hits: self.counts.hits.load(Ordering::Relaxed),
            misses: self.counts.misses.load(Ordering::Relaxed),
            refusals: self.counts.refusals.load(Ordering::Relaxed),
        }
    }

    /// Templates kept now (the tests read it).
    pub fn len(&self) -> usize {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The shape of `req` and the reader's values, when it is a signed-in `GET` of an episode page
    /// whose data was read.
    fn shape(&self, req: &Request) -> Option<(Shape, Values)> {
        if req.method() != Method::GET || req.uri().query().is_some() {
            return None;
        }
        let ext = req.extensions();
        let actor = ext.get::<CurrentUser>()?.0.as_ref()?;
        let session = ext.get::<CurrentSession>()?;
        let data = ext.get::<EpisodeData>()?;
        let (course, episode) = app::lessons::handlers::episode_path(req.uri().path())?;
        let values = Values {
            name: actor.display_name.clone(),
            csrf: ext.get::<CsrfToken>()?.0.clone(),
            nonce: ext.get::<CspNonce>()?.0.clone(),
        };
        if !plain(&values.csrf) || !plain(&values.nonce) {
            return None;
        }
        // Every field of the account is either filled per request or part of the shape: a field
        // added to `Actor` does not compile here until it is one or the other.
        let app::auth::Actor {
            user_id: _,
            display_name: _,
            email: _,
            locale,
            roles,
            verified,
            totp_enabled,
            mfa,
            conduct_version,
        } = actor;
        let mut roles = roles.clone();
        roles.sort_unstable();
        let shape = Shape {
            path: req.uri().path().to_owned(),
            lessons: self.lessons.generation(),
            roles,
            locale: *locale,
            verified: *verified,
            totp: *totp_enabled,
            mfa: *mfa,
            mfa_pending: session.mfa_pending,
            conduct_version: *conduct_version,
            done: data.done(&course, &episode)?,
            replies: data.replies,
        };
        Some((shape, values))
    }

    /// The request a template is rendered from: the page's address, the shape's facts, stand-ins
    /// for the reader's values, and nothing else of hers (no headers, no other progress).
    fn stand_in(&self, req: &Request, shape: &Shape, fragments: Fragments) -> Option<Request> {
        // The account is made from the shape and the stand-ins alone, not from the reader's.
        let actor = app::auth::Actor {
            user_id: self.stand.user_id,
            display_name: self.stand.name.clone(),
            email: self.stand.email.clone(),
            locale: shape.locale,
            roles: shape.roles.clone(),
            verified: shape.verified,
            totp_enabled: shape.totp,
            mfa: shape.mfa,
            conduct_version: shape.conduct_version,
        };
        let (course, episode) = app::lessons::handlers::episode_path(&shape.path)?;
        let data = EpisodeData {
            progress: Ok(Arc::new(vec![app::lessons::progress::Entry {
                course,
                episode,
                last_seen_at: 0,
                done: shape.done,
            }])),
            replies: shape.replies,
        };
        let mut out =
            Request::builder().method(Method::GET).uri(req.uri().clone()).body(Body::empty()).ok()?;
        if let Some(host) = req.headers().get(header::HOST) {
            out.headers_mut().insert(header::HOST, host.clone());
        }
        let e = out.extensions_mut();
        e.insert(CurrentUser(Some(actor)));
        e.insert(CurrentSession { token_hash: self.stand.session.clone(), mfa_pending: shape.mfa_pending });
        e.insert(CsrfToken(self.stand.csrf.clone()));
        e.insert(CspNonce(self.stand.nonce.clone()));
        e.insert(data);
        e.insert(fragments);
        Some(out)
    }

    fn kept(&self, shape: &Shape) -> Option<Arc<Template>> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).templates.get(shape).cloned()
    }

    /// Keeps a template, unless the content was reloaded while it was made (nobody would ask for
    /// it); the first template of a newer content load lets the older ones go.
    fn keep(&self, shape: Shape, template: Arc<Template>) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        // What is kept is never newer than the content (its shapes were read from it), so this
        // also turns away a template older than those kept.
        if shape.lessons < self.lessons.generation() {
            return;
        }
        if shape.lessons > kept.lessons || kept.templates.len() >= KEPT {
            kept.templates.clear();
            kept.lessons = shape.lessons;
        }
        kept.templates.insert(shape, template);
    }

    /// Renders the template of `shape` (through the rest of the stack, with stand-ins).
    async fn make(
        &self,
        stand_in: Option<Request>,
        fragments: Fragments,
        next: Next,
    ) -> Result<Template, &'static str> {
        let res = next.run(stand_in.ok_or("no stand-in request")?).await;
        if res.status() != StatusCode::OK || !crate::html::is_plain_html(&res) {
            return Err("the page did not render");
        }
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.map_err(|_| "the page could not be read")?;
        let page = std::str::from_utf8(&bytes).map_err(|_| "the page is not UTF-8")?;
        let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
        Template::cut(crate::html::finish(page), &self.stand, fragments.take(), content_type)
    }
}

/// Serves signed-in episode pages from their shape's template, making it on the first request.
pub async fn episode_templates(
    State(templates): State<Arc<Templates>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(fragments) = req.extensions().get::<Fragments>().cloned() else {
        return next.run(req).await;
    };
    let Some((shape, values)) = templates.shape(&req) else {
        return next.run(req).await;
    };
    if let Some(template) = templates.kept(&shape) {
        templates.counts.hits.fetch_add(1, Ordering::Relaxed);
        return template.fill(&values, &fragments, "hit");
    }
    if templates.refused.lock().unwrap_or_else(|p| p.into_inner()).contains(&shape) {
        return next.run(req).await;
    }
    let made = Fragments::default();
    let stand_in = templates.stand_in(&req, &shape, made.clone());
    match templates.make(stand_in, made, next.clone()).await {
        Ok(template) => {
            templates.counts.misses.fetch_add(1, Ordering::Relaxed);
            let template = Arc::new(template);
            let res = template.fill(&values, &fragments, "miss");
            templates.keep(shape, template);
            res
        }
        Err(why) => {
            templates.counts.refusals.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(path = %shape.path, why, "a signed-in page is rendered per request, not from a template");
            {
                let mut refused = templates.refused.lock().unwrap_or_else(|p| p.into_inner());
                if refused.len() >= KEPT {
                    refused.clear();
                }
                refused.insert(shape);
            }
            next.run(req).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand() -> Stand {
        Stand::new()
    }

    #[test]
    fn a_template_fills_each_readers_values_escaped() {
        let s = stand();
        let page = format!(
            "<html><head><script nonce=\"{n}\">x</script></head><body><a href=\"/es/account\">{name}</a><form><input name=\"csrf\" value=\"{c}\"></form><form><input name=\"csrf\" value=\"{c}\"></form></body></html>",
            n = s.nonce,
            name = s.name,
            c = s.csrf
        );
        let t = Template::cut(page, &s, Vec::new(), None).expect("a template");
        let f = Fragments::default();
        let values = Values { name: "Ana <b>&\"".into(), csrf: "tok-1_A".into(), nonce: "n0nce".into() };
        let res = t.fill(&values, &f, "hit");
        let body =
            futures::executor::block_on(axum::body::to_bytes(res.into_body(), usize::MAX)).expect("body");
        assert_eq!(
            std::str::from_utf8(&body).expect("utf-8"),
            "<html><head><script nonce=\"n0nce\">x</script></head><body><a href=\"/es/account\">Ana &lt;b&gt;&amp;\"</a><form><input name=\"csrf\" value=\"tok-1_A\"></form><form><input name=\"csrf\" value=\"tok-1_A\"></form></body></html>"
        );
    }

    #[test]
    fn a_page_showing_more_of_its_reader_is_no_template() {
        let s = stand();
        for page in [
            format!("<p>{}</p><p>{}</p>", s.name, s.email),
            format!("<p>{}</p><a href=\"/people/{}\">x</a>", s.name, s.user_id),
            format!("<p data-s=\"{}\">{}</p>", s.session, s.name),
            format!("<img alt=\"{}\">", s.name),
            format!("<a title=\"{} \">x</a>", s.name),
            format!("<p>Hola, {}</p>", s.name),
            format!("<script>let n = \"<b>{}</b>\";</script>", s.name),
            format!("<STYLE>p::after {{ content: \"<i>{}</i>\" }}</STYLE>", s.name),
            format!("<!-- <b>{}</b> -->", s.name),
            format!("<title>{}</title>", s.name),
            format!("<textarea><b>{}</b></textarea>", s.name),
        ] {
            assert!(Template::cut(page.clone(), &s, Vec::new(), None).is_err(), "{page}");
        }
    }

    #[test]
    fn tokens_with_other_characters_are_not_filled() {
        assert!(plain("abcXYZ019-_"));
        assert!(plain("Y5AK5+DEc7/MYSvYDN8NhcEQ=="));
        for v in ["", "a\"b", "a b", "a<b", "a&b", "ñ"] {
            assert!(!plain(v), "{v}");
        }
    }
}
