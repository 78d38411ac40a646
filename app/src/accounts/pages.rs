//! Account pages. Every form posts to a handler in [`super::handlers`] and works without JavaScript;
//! errors come back as the same page with the values kept and each problem next to its field.

use super::handlers::{FormState, COUNTRIES};
use super::store;
use super::totp;
use crate::i18n::{t, Locale};
use crate::ui::shell::page_locale;
use crate::web::{CurrentSession, CurrentUser};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn form_state() -> FormState {
    use_context::<FormState>().unwrap_or_default()
}

/// The signed-in person, if any.
pub fn current_actor() -> Option<super::authz::Actor> {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<CurrentUser>().and_then(|c| c.0.clone()))
}

fn current_session_hash() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<CurrentSession>().map(|s| s.token_hash.clone()))
        .unwrap_or_default()
}

fn query(name: &str) -> Option<String> {
    use_query_map().get_untracked().get(name)
}

/// A labelled input with its error, announced to screen readers.
#[component]
fn Field(
    locale: Locale,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let state = form_state();
    let error = state.error(name);
    let value = if kind == "password" { String::new() } else { state.value(name) };
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
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        </div>
    }
}

#[component]
fn Notice(locale: Locale) -> impl IntoView {
    form_state().notice.map(|n| view! { <p class="notice" role="alert">{t(locale, &n)}</p> })
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let locale = page_locale();
    let state = form_state();
    let chosen_locale = Locale::from_segment(&state.value("locale")).unwrap_or(locale);
    let chosen_country = state.value("country");
    let conduct_error = state.error("conduct");
    let locale_error = state.error("locale");
    let country_error = state.error("country");
    let locales = Locale::ALL
        .into_iter()
        .map(|l| {
            view! { <option value=l.code() selected=l == chosen_locale>{t(l, &format!("lang-name-{}", l.code()))}</option> }
        })
        .collect_view();
    let countries = COUNTRIES
        .into_iter()
        .map(|c| {
            view! { <option value=c selected=chosen_country == c>{t(locale, &format!("country-{}", c.to_ascii_lowercase()))}</option> }
        })
        .collect_view();
    view! {
        <Title text=t(locale, "signup-title")/>
        <section class="form-page">
            <h1>{t(locale, "signup-title")}</h1>
            <p>{t(locale, "signup-intro")}</p>
            <Notice locale=locale/>
            <form method="post" action=format!("/{}/signup", locale.code()) novalidate>
                <Field locale=locale name="name" label="signup-name" autocomplete="name"/>
                <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="email"/>
                <Field locale=locale name="password" label="signup-password" kind="password" autocomplete="new-password" hint="signup-password-hint"/>
                <div class="field">
                    <label for="f-locale">{t(locale, "signup-locale")}</label>
                    {locale_error.map(|e| view! { <p class="error" id="f-locale-error">{t(locale, &e)}</p> })}
                    <select id="f-locale" name="locale">{locales}</select>
                </div>
                <div class="field">
                    <label for="f-country">{t(locale, "signup-country")}</label>
                    {country_error.clone().map(|e| view! { <p class="error" id="f-country-error">{t(locale, &e)}</p> })}
                    <select id="f-country" name="country" required aria-invalid=country_error.is_some().then_some("true")>
                        <option value="">{t(locale, "signup-country-choose")}</option>
                        {countries}
                    </select>
                </div>
                <Field locale=locale name="institution" label="signup-institution" autocomplete="organization"/>
                <div class="field checkbox">
                    {conduct_error.clone().map(|e| view! { <p class="error" id="f-conduct-error">{t(locale, &e)}</p> })}
                    <input type="checkbox" id="f-conduct" name="conduct" value="yes" required
                        aria-invalid=conduct_error.is_some().then_some("true")/>
                    <label for="f-conduct">
                        {t(locale, "signup-conduct")}" "
                        <a href=format!("/{}/conduct", locale.code())>{t(locale, "signup-conduct-link")}</a>
                    </label>
                </div>
                <button type="submit" class="button">{t(locale, "signup-submit")}</button>
            </form>
            <p>{t(locale, "signup-have-account")}" "<a href=format!("/{}/login", locale.code())>{t(locale, "login-title")}</a></p>
        </section>
    }
}

#[component]
pub fn SignupSentPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=t(locale, "signup-sent-title")/>
        <section class="form-page">
            <h1>{t(locale, "signup-sent-title")}</h1>
            <p>{t(locale, "signup-sent-body")}</p>
            <p><a href=format!("/{}/login", locale.code())>{t(locale, "login-title")}</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = page_locale();
    let state = form_state();
    let next = query("next").or_else(|| state.values.get("next").cloned()).unwrap_or_default();
    let remember = state.value("remember") == "yes";
    view! {
        <Title text=t(locale, "login-title")/>
        <section class="form-page">
            <h1>{t(locale, "login-title")}</h1>
            <Notice locale=locale/>
            <form method="post" action=format!("/{}/login", locale.code())>
                <input type="hidden" name="next" value=next/>
                <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="username"/>
                <Field locale=locale name="password" label="login-password" kind="password" autocomplete="current-password"/>
                <div class="field checkbox">
                    <input type="checkbox" id="f-remember" name="remember" value="yes" checked=remember/>
                    <label for="f-remember">{t(locale, "login-remember")}</label>
                </div>
                <button type="submit" class="button">{t(locale, "login-submit")}</button>
            </form>
            <p>{t(locale, "login-no-account")}" "<a href=format!("/{}/signup", locale.code())>{t(locale, "signup-title")}</a></p>
        </section>
    }
}

#[component]
pub fn LoginCodePage() -> impl IntoView {
    let locale = page_locale();
    let next = query("next").unwrap_or_default();
    view! {
        <Title text=t(locale, "login-code-title")/>
        <section class="form-page">
            <h1>{t(locale, "login-code-title")}</h1>
            <p>{t(locale, "login-code-intro")}</p>
            <Notice locale=locale/>
            <form method="post" action=format!("/{}/login/code", locale.code())>
                <input type="hidden" name="next" value=next/>
                <Field locale=locale name="code" label="login-code" autocomplete="one-time-code" hint="login-code-hint"/>
                <button type="submit" class="button">{t(locale, "login-code-submit")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let locale = page_locale();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    view! {
        <Title text=t(locale, "verify-title")/>
        <section class="form-page">
            <h1>{t(locale, "verify-title")}</h1>
            <Notice locale=locale/>
            // A button, not the link itself: mail scanners that open links must not spend the token.
            <form method="post" action=format!("/{}/verify/{}", locale.code(), token)>
                <p>{t(locale, "verify-intro")}</p>
                <button type="submit" class="button">{t(locale, "verify-submit")}</button>
            </form>
        </section>
    }
}

/// The signed-in person on a private page (the session layer already sent visitors to log in).
fn require_login(_locale: Locale) -> Option<super::authz::Actor> {
    current_actor()
}

fn format_time(ts: i64) -> String {
    // UTC, ISO-like: unambiguous in every language.
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", secs / 3600, (secs % 3600) / 60)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = page_locale();
    let Some(actor) = require_login(locale) else { return ().into_any() };
    let banner = if query("verified").is_some() {
        Some("account-verified")
    } else if query("resent").is_some() {
        Some("account-verification-resent")
    } else {
        None
    };
    let roles = if actor.roles.is_empty() {
        t(locale, "role-learner")
    } else {
        actor.roles.iter().map(|r| t(locale, &format!("role-{}", r.code()))).collect::<Vec<_>>().join(", ")
    };
    view! {
        <Title text=t(locale, "account-title")/>
        <section class="form-page">
            <h1>{t(locale, "account-title")}</h1>
            {banner.map(|b| view! { <p class="notice" role="status">{t(locale, b)}</p> })}
            <dl class="facts">
                <dt>{t(locale, "signup-name")}</dt><dd>{actor.display_name.clone()}</dd>
                <dt>{t(locale, "signup-email")}</dt><dd>{actor.email.clone()}</dd>
                <dt>{t(locale, "account-roles")}</dt><dd>{roles}</dd>
            </dl>
            {(!actor.verified).then(|| view! {
                <div class="card">
                    <p>{t(locale, "account-unverified")}</p>
                    <form method="post" action=format!("/{}/account/verify/resend", locale.code())>
                        <button type="submit" class="button">{t(locale, "account-resend")}</button>
                    </form>
                </div>
            })}
            <h2>{t(locale, "account-security")}</h2>
            <p>
                {if actor.totp_enabled { t(locale, "account-totp-on") } else { t(locale, "account-totp-off") }}" "
                <a href=format!("/{}/account/2fa", locale.code())>{t(locale, "account-totp-manage")}</a>
            </p>
            <SessionList locale=locale/>
        </section>
    }
    .into_any()
}

fn actor_id() -> i64 {
    current_actor().map(|a| a.user_id).unwrap_or_default()
}

#[component]
fn SessionList(locale: Locale) -> impl IntoView {
    let pool = use_context::<sqlx::AnyPool>();
    let user_id = actor_id();
    let current = current_session_hash();
    let rows = Resource::new_blocking(
        || (),
        move |_| {
            let pool = pool.clone();
            let current = current.clone();
            async move {
                match pool {
                    Some(p) => store::list_sessions(&p, user_id, &current).await.unwrap_or_default(),
                    None => Vec::new(),
                }
            }
        },
    );
    view! {
        <h2>{t(locale, "sessions-title")}</h2>
        <Suspense fallback=|| ()>
            {move || rows.get().map(|rows| {
                let items = rows.into_iter().map(|r| view! {
                    <li>
                        <strong>{if r.user_agent.is_empty() { t(locale, "sessions-unknown-device") } else { r.user_agent.clone() }}</strong>
                        {r.current.then(|| view! { " " <span class="tag">{t(locale, "sessions-this-device")}</span> })}
                        <br/>
                        <span class="meta">{format!("{} · {} {}", r.ip, t(locale, "sessions-last-seen"), format_time(r.last_seen_at))}</span>
                    </li>
                }).collect_view();
                view! { <ul class="sessions">{items}</ul> }
            })}
        </Suspense>
        <form method="post" action=format!("/{}/logout", locale.code())>
            <input type="hidden" name="everywhere" value="yes"/>
            <button type="submit" class="button secondary">{t(locale, "sessions-logout-everywhere")}</button>
        </form>
    }
}

#[component]
pub fn TotpPage() -> impl IntoView {
    let locale = page_locale();
    let Some(actor) = require_login(locale) else { return ().into_any() };
    let state = form_state();
    let pool = use_context::<sqlx::AnyPool>();
    let codes = state.extra.clone();
    let email = actor.email.clone();
    let enrolment = Resource::new_blocking(
        || (),
        move |_| {
            let pool = pool.clone();
            let email = email.clone();
            async move {
                let pool = pool?;
                let existing = totp::secret(&pool, actor_id()).await.ok()?;
                let secret = match existing {
                    Some((_, true)) => return Some((true, String::new(), String::new())),
                    Some((s, false)) => s,
                    None => totp::begin(&pool, actor_id()).await.ok()?,
                };
                let (_, svg) = totp::enrolment(&secret, &email).ok()?;
                Some((false, secret, svg))
            }
        },
    );
    view! {
        <Title text=t(locale, "totp-title")/>
        <section class="form-page">
            <h1>{t(locale, "totp-title")}</h1>
            <Notice locale=locale/>
            {(!codes.is_empty()).then(|| view! {
                <div class="card">
                    <h2>{t(locale, "totp-recovery-title")}</h2>
                    <p>{t(locale, "totp-recovery-intro")}</p>
                    <ul class="codes" data-testid="recovery-codes">{codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}</ul>
                </div>
            })}
            <Suspense fallback=|| ()>
                {move || enrolment.get().flatten().map(|(enabled, secret, svg)| {
                    if enabled {
                        view! {
                            <p>{t(locale, "account-totp-on")}</p>
                            <h2>{t(locale, "totp-disable-title")}</h2>
                            <form method="post" action=format!("/{}/account/2fa/disable", locale.code())>
                                <Field locale=locale name="disable-code" label="login-code" autocomplete="one-time-code"/>
                                <input type="hidden" name="code" value=""/>
                                <button type="submit" class="button secondary">{t(locale, "totp-disable-submit")}</button>
                            </form>
                        }.into_any()
                    } else {
                        view! {
                            <p>{t(locale, "totp-intro")}</p>
                            <ol class="steps">
                                <li>{t(locale, "totp-step-scan")}
                                    <div class="qr" role="img" aria-label=t(locale, "totp-qr-label") inner_html=svg></div>
                                    <p>{t(locale, "totp-step-manual")}" "<code data-testid="totp-secret">{secret}</code></p>
                                </li>
                                <li>{t(locale, "totp-step-code")}</li>
                            </ol>
                            <form method="post" action=format!("/{}/account/2fa", locale.code())>
                                <Field locale=locale name="code" label="login-code" autocomplete="one-time-code"/>
                                <button type="submit" class="button">{t(locale, "totp-enable-submit")}</button>
                            </form>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn ConductAcceptPage() -> impl IntoView {
    let locale = page_locale();
    let next = query("next").unwrap_or_default();
    let error = form_state().error("conduct");
    view! {
        <Title text=t(locale, "conduct-accept-title")/>
        <section class="form-page">
            <h1>{t(locale, "conduct-accept-title")}</h1>
            <p>{t(locale, "conduct-accept-intro")}" "<a href=format!("/{}/conduct", locale.code())>{t(locale, "conduct-title")}</a></p>
            <form method="post" action=format!("/{}/conduct/accept", locale.code())>
                <input type="hidden" name="next" value=next/>
                <div class="field checkbox">
                    {error.clone().map(|e| view! { <p class="error" id="f-conduct-error">{t(locale, &e)}</p> })}
                    <input type="checkbox" id="f-conduct" name="conduct" value="yes" required aria-invalid=error.is_some().then_some("true")/>
                    <label for="f-conduct">{t(locale, "signup-conduct")}</label>
                </div>
                <button type="submit" class="button">{t(locale, "conduct-accept-submit")}</button>
            </form>
        </section>
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
