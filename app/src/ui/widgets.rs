//! Widgets every domain's pages share: the anti-forgery field, labelled fields with their
//! errors, form notices, the signed-in person, times, and the page-data helper.

use crate::auth::Actor;
use crate::http::form::FormState;
use crate::http::{CsrfToken, CurrentSession, CurrentUser};
use crate::i18n::{t, t_args, Locale};
use leptos::prelude::*;

/// Reads the request being rendered without copying it (`use_context` would clone its headers and
/// extensions, and a long page asks hundreds of times).
pub fn with_parts<R>(read: impl FnOnce(&http::request::Parts) -> Option<R>) -> Option<R> {
    with_context::<http::request::Parts, _>(read).flatten()
}

/// The hidden anti-forgery field every form that changes something carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    let token = with_parts(|p| p.extensions.get::<CsrfToken>().map(|t| t.0.clone())).unwrap_or_default();
    view! { <input type="hidden" name="csrf" value=token/> }
}

/// The submission being shown again, if any.
pub fn form_state() -> FormState {
    use_context::<FormState>().unwrap_or_default()
}

/// The signed-in person, if any.
pub fn current_actor() -> Option<Actor> {
    with_parts(|p| p.extensions.get::<CurrentUser>().and_then(|c| c.0.clone()))
}

/// The current session's hash (to mark "this device").
pub fn current_session_hash() -> String {
    with_parts(|p| p.extensions.get::<CurrentSession>().map(|s| s.token_hash.clone())).unwrap_or_default()
}

/// A labelled input with its error and hint, announced to screen readers. Passwords are never
/// shown again; other values come back as they were sent.
#[component]
pub fn Field(
    locale: Locale,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = true)] required: bool,
    /// e.g. `numeric` for codes, so phones show digits.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// The value when the form is not being shown again (e.g. the stored profile).
    #[prop(optional, into)]
    initial: Option<String>,
) -> impl IntoView {
    let state = form_state();
    let error = state.error(name);
    let value = if kind == "password" {
        String::new()
    } else if state.values.contains_key(name) {
        state.value(name)
    } else {
        initial.unwrap_or_default()
    };
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match (error.is_some(), hint.is_some()) {
        (true, true) => Some(format!("{err_id} {hint_id}")),
        (true, false) => Some(err_id.clone()),
        (false, true) => Some(hint_id.clone()),
        (false, false) => None,
    };
    view! {
        <div class="field">
            <label for=id.clone()>{t(locale, label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(locale, h)}</p> })}
            {error.clone().map(|e| view! { <p class="error" id=err_id.clone()>{t(locale, &e)}</p> })}
            <input id=id name=name type=kind value=value autocomplete=autocomplete required=required
                inputmode=inputmode maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        </div>
    }
}

/// A labelled multi-line text with its error (descriptions, motivations, posts).
#[component]
pub fn TextArea(
    locale: Locale,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = true)] required: bool,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] initial: Option<String>,
) -> impl IntoView {
    let state = form_state();
    let error = state.error(name);
    let value = if state.values.contains_key(name) { state.value(name) } else { initial.unwrap_or_default() };
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = [error.as_ref().map(|_| err_id.clone()), hint.map(|_| hint_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="field">
            <label for=id.clone()>{t(locale, label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(locale, h)}</p> })}
            {error.clone().map(|e| view! { <p class="error" id=err_id.clone()>{t(locale, &e)}</p> })}
            <textarea id=id name=name rows=rows.to_string() required=required maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=(!described.is_empty()).then_some(described)>{value}</textarea>
        </div>
    }
}

/// A labelled choice with its error. `selected` is the value shown chosen (what was sent, when a
/// form comes back; an unknown value selects nothing, so the first option shows and the error
/// says why).
#[component]
pub fn SelectField(
    locale: Locale,
    name: &'static str,
    label: &'static str,
    /// (value, already translated label)
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    /// A first option with an empty value ("choose…"), as a Fluent id.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let error = form_state().error(name);
    let id = id.map(str::to_owned).unwrap_or_else(|| format!("f-{name}"));
    let err_id = format!("{id}-error");
    let opts = options
        .into_iter()
        .map(|(v, l)| {
            let chosen = v == selected;
            view! { <option value=v selected=chosen>{l}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{t(locale, label)}</label>
            {error.clone().map(|e| view! { <p class="error" id=err_id.clone()>{t(locale, &e)}</p> })}
            <select id=id name=name aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(err_id.clone())>
                {placeholder.map(|p| view! { <option value="">{t(locale, p)}</option> })}
                {opts}
            </select>
        </div>
    }
}

/// The form's overall message: problems are alerts, confirmations are status messages.
#[component]
pub fn Notice(locale: Locale) -> impl IntoView {
    let state = form_state();
    state.notice.map(|n| {
        let args: Vec<(&str, &str)> =
            state.notice_args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let text = t_args(locale, &n, &args);
        if state.errors.is_empty() && is_success(&n) {
            view! { <p class="notice success" role="status">{text}</p> }.into_any()
        } else {
            view! { <p class="notice problem" role="alert">{text}</p> }.into_any()
        }
    })
}

/// A confirmation banner from a query flag (`?saved=1`), announced politely.
#[component]
pub fn Banner(locale: Locale, code: &'static str) -> impl IntoView {
    view! { <p class="notice success" role="status">{t(locale, code)}</p> }
}

/// Fluent ids of messages that confirm something went well (shown as status, not alert).
fn is_success(code: &str) -> bool {
    matches!(
        code,
        "account-totp-enabled"
            | "account-saved"
            | "account-verified"
            | "account-password-changed"
            | "reset-done"
            | "cohort-feed-created"
            | "governance-voted"
    )
}

/// A time, in UTC, unambiguous in every language (`2026-11-25 09:46 UTC`).
pub fn format_time(ts: i64) -> String {
    match jiff::Timestamp::from_second(ts) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => String::from("—"),
    }
}

/// A path parameter of the page being rendered ("" when absent).
pub fn param(name: &str) -> String {
    leptos_router::hooks::use_params_map().get_untracked().get(name).unwrap_or_default()
}

/// A query parameter of the page being rendered.
pub fn query(name: &str) -> Option<String> {
    leptos_router::hooks::use_query_map().get_untracked().get(name)
}

/// The database, as pages reach it.
pub fn pool() -> Result<sqlx::AnyPool, crate::errors::AppError> {
    use_context::<sqlx::AnyPool>().ok_or(crate::errors::AppError::Internal)
}

/// Data for a page from the database. A failure is logged with its cause and the page answers
/// 500 with the error page, never an empty 200.
pub fn page_data<T, F, Fut>(load: F) -> Resource<Result<T, crate::errors::AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<T>> + Send + 'static,
{
    Resource::new_blocking(
        || (),
        move |_| {
            let fut = load();
            let response = use_context::<leptos_axum::ResponseOptions>();
            async move {
                fut.await.map_err(|e| {
                    tracing::error!(error = ?e, "cannot load a page's data");
                    if let Some(res) = response {
                        res.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
                    }
                    crate::errors::AppError::Internal
                })
            }
        },
    )
}

/// Data for a page that may also be refused (not found, not allowed, log in first): the page
/// answers with the error's own status and message. Internal failures are logged where they
/// became an `AppError`.
pub fn page_result<T, F, Fut>(load: F) -> Resource<Result<T, crate::errors::AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, crate::errors::AppError>> + Send + 'static,
{
    Resource::new_blocking(
        || (),
        move |_| {
            let fut = load();
            let response = use_context::<leptos_axum::ResponseOptions>();
            async move {
                let result = fut.await;
                if let (Err(e), Some(res)) = (&result, response) {
                    res.set_status(
                        http::StatusCode::from_u16(e.status())
                            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                    );
                }
                result
            }
        },
    )
}

/// Renders loaded page data, or the error page's message when loading failed.
pub fn loaded<T>(data: Result<T, crate::errors::AppError>, view: impl FnOnce(T) -> AnyView) -> AnyView {
    match data {
        Ok(d) => view(d),
        Err(e) => leptos::view! { <super::pages::ErrorView error=e back=None/> }.into_any(),
    }
}

/// A column of a [`DataTable`]: its heading (a Fluent id), read by screen readers only when it
/// heads a column of buttons.
pub struct Column(pub &'static str, pub bool);

impl Column {
    pub fn shown(id: &'static str) -> Column {
        Column(id, false)
    }

    /// A column of actions: its heading is for screen readers.
    pub fn actions(id: &'static str) -> Column {
        Column(id, true)
    }
}

/// A table of records: a caption (shown, or for screen readers only), column headings, and the
/// rows given as children. It scrolls sideways on a phone, inside a region the keyboard can reach.
#[component]
pub fn DataTable(
    locale: Locale,
    /// Fluent id of the caption.
    caption: &'static str,
    /// Show the caption (otherwise only screen readers read it, when a heading already says it).
    #[prop(optional)]
    show_caption: bool,
    columns: Vec<Column>,
    children: Children,
) -> impl IntoView {
    let label = t(locale, caption);
    let heads = columns
        .into_iter()
        .map(|Column(id, hidden)| {
            if hidden {
                view! { <th scope="col"><span class="visually-hidden">{t(locale, id)}</span></th> }.into_any()
            } else {
                view! { <th scope="col">{t(locale, id)}</th> }.into_any()
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label.clone()>
            <table class="data">
                <caption class=if show_caption { "" } else { "visually-hidden" }>{label.clone()}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Links between the admin pages.
pub fn admin_links(locale: Locale) -> impl IntoView {
    let link = |path: &str, id: &str| view! { <li><a href=format!("/{}/admin/{path}", locale.code())>{t(locale, id)}</a></li> };
    view! {
        <nav aria-label=t(locale, "nav-admin") class="admin-nav">
            <ul class="inline-list">
                {link("users", "admin-users-title")}
                {link("outbox", "admin-outbox-title")}
                {link("jobs", "admin-jobs-title")}
                {link("notebooks", "admin-notebooks-title")}
                {link("forum", "forum-admin-title")}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_formatted_in_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_795_600_000), "2026-11-25 09:46 UTC");
    }
}
