//! What the layers in front of every handler put in a request's extensions: who is asking,
//! their session, their address, the anti-forgery token and the page's CSP nonce.

use crate::auth::Actor;
use std::net::IpAddr;

/// The signed-in person (if any) for this request, put in the request's extensions by the session layer.
#[derive(Debug, Clone, Default)]
pub struct CurrentUser(pub Option<Actor>);

/// The current session's hash (to mark "this device" and to end it at logout).
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub token_hash: String,
    pub mfa_pending: bool,
}

/// The anti-forgery token of this browser (double-submit cookie), for forms to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The client's address as the server saw it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The per-response CSP nonce, put in the request's extensions by the server's security layer.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Marks a request rendered for every anonymous reader at once (the server's shared page cache):
/// no anti-forgery cookie is handed out, and the page must not depend on who asked.
#[derive(Debug, Clone, Copy)]
pub struct SharedRender;

/// Large fixed parts of a page (an episode's body) that the page leaves as a marker and the
/// server splices back in after rendering, reusing their compressed form. Present on pages
/// rendered per reader; a page without it renders the fragment inline.
#[derive(Debug, Clone, Default)]
pub struct Fragments(std::sync::Arc<std::sync::Mutex<Vec<Fragment>>>);

/// A fragment: its identity (the same bytes have the same one, for the life of the process) and
/// its HTML.
pub type Fragment = (u64, std::sync::Arc<str>);

impl Fragments {
    /// The marker standing for `html` (known by `id`) in the page.
    pub fn slot(&self, id: u64, html: std::sync::Arc<str>) -> String {
        let mut slots = self.0.lock().unwrap_or_else(|p| p.into_inner());
        slots.push((id, html));
        format!("{}{}-->", Self::MARKER, slots.len() - 1)
    }

    /// Asks for `fragments`, in order, as a page made earlier did (its markers number them from 0:
    /// only for a page that asked for none yet).
    pub fn ask_all(&self, fragments: &[Fragment]) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(fragments);
    }

    /// The fragments the page asked for, in marker order.
    pub fn take(&self) -> Vec<Fragment> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// How a marker starts; the fragment's index and `-->` follow.
    pub const MARKER: &'static str = "<!--puente-fragment-";
}

/// Copies `html` without Leptos's `<!>` markers, except inside islands (which hydrate and need
/// them) and raw-text elements. Pages lose them as they leave; a fragment rendered apart loses
/// them when it is made, since it is spliced into a page after that.
pub fn strip_markers(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<!>") {
            rest = &rest[3..];
            continue;
        }
        // Elements whose content is copied untouched up to their end tag.
        let verbatim =
            [("<leptos-island", "</leptos-island>"), ("<script", "</script>"), ("<style", "</style>")]
                .into_iter()
                .find(|(open, _)| {
                    rest.starts_with(open)
                        && rest[open.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
                });
        match verbatim {
            Some((_, close)) => {
                let end = rest.find(close).map(|e| e + close.len()).unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}
