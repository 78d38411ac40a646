//! Account pages. Every form posts to a handler in [`super::handlers`] and works without JavaScript;
//! errors come back as the same page with the values kept and each problem next to its field.

use super::handlers::COUNTRIES;
use super::store;
use super::totp;
use crate::http::urls::query_value as enc;
use crate::i18n::{t, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, current_session_hash, form_state, format_time, loaded, page_data, query, Column,
    CsrfField, DataTable, Field, Notice, SelectField,
};

/// The languages a person may choose, each named in itself.
fn locale_options() -> Vec<(String, String)> {
    Locale::ALL.into_iter().map(|l| (l.code().to_owned(), t(l, &format!("lang-name-{}", l.code())))).collect()
}

/// The countries offered, named in the page's language.
fn country_options(locale: Locale) -> Vec<(String, String)> {
    COUNTRIES
        .into_iter()
        .map(|c| (c.to_owned(), t(locale, &format!("country-{}", c.to_ascii_lowercase()))))
        .collect()
}
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SignupPage() -> impl IntoView {
    let locale = page_locale();
    let state = form_state();
    let chosen_locale =
        if state.values.contains_key("locale") { state.value("locale") } else { locale.code().to_owned() };
    let chosen_country = state.value("country");
    let conduct_error = state.error("conduct");
    view! {
            <Title text=t(locale, "signup-title")/>
            <section class="form-page">
                <h1>{t(locale, "signup-title")}</h1>
                <p>{t(locale, "signup-intro")}</p>
                <Notice locale=locale/>
                <form method="post" action=format!("/{}/signup", locale.code()) novalidate>
    <CsrfField/>
                    <Field locale=locale name="name" label="signup-name" autocomplete="name"/>
                    <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="email"/>
                    <Field locale=locale name="password" label="signup-password" kind="password" autocomplete="new-password" hint="signup-password-hint"/>
                    <SelectField locale=locale name="locale" label="signup-locale" options=locale_options() selected=chosen_locale/>
                    <SelectField locale=locale name="country" label="signup-country" options=country_options(locale)
                        selected=chosen_country placeholder="signup-country-choose"/>
                    <Field locale=locale name="institution" label="signup-institution" autocomplete="organization"/>
                    <div class="field checkbox">
                        {conduct_error.clone().map(|e| view! { <p class="error" id="f-conduct-error">{t(locale, &e)}</p> })}
                        <input type="checkbox" id="f-conduct" name="conduct" value="yes" required
                            checked=state.value("conduct") == "yes"
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
                {query("reset").map(|_| view! { <p class="notice" role="status">{t(locale, "reset-done")}</p> })}
                {query("verified").map(|_| view! { <p class="notice success" role="status">{t(locale, "account-verified")}</p> })}
                {query("codes").map(|_| view! { <p class="notice problem" role="alert">{t(locale, "account-code-too-many")}</p> })}
                <Notice locale=locale/>
                <form method="post" action=format!("/{}/login", locale.code())>
    <CsrfField/>
                    <input type="hidden" name="next" value=next/>
                    <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="username"/>
                    <Field locale=locale name="password" label="login-password" kind="password" autocomplete="current-password"/>
                    <div class="field checkbox">
                        <input type="checkbox" id="f-remember" name="remember" value="yes" checked=remember/>
                        <label for="f-remember">{t(locale, "login-remember")}</label>
                    </div>
                    <button type="submit" class="button">{t(locale, "login-submit")}</button>
                </form>
                <p><a href=format!("/{}/password/forgot", locale.code())>{t(locale, "forgot-link")}</a></p>
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
    <CsrfField/>
                    <input type="hidden" name="next" value=next/>
                    <Field locale=locale name="code" label="login-code" autocomplete="one-time-code" hint="login-code-hint" maxlength=20/>
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
    <CsrfField/>
                    <p>{t(locale, "verify-intro")}</p>
                    <button type="submit" class="button">{t(locale, "verify-submit")}</button>
                </form>
            </section>
        }
}

/// The signed-in person on a private page (the session layer already sent visitors to log in).
fn require_login(_locale: Locale) -> Option<crate::auth::Actor> {
    current_actor()
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = page_locale();
    let Some(actor) = require_login(locale) else { return ().into_any() };
    let banner = [
        ("verified", "account-verified"),
        ("resent", "account-verification-resent"),
        ("saved", "account-saved"),
        ("password", "account-password-changed"),
        ("email", "account-email-change-sent"),
        ("email-changed", "account-email-changed"),
        ("ended", "sessions-ended"),
    ]
    .into_iter()
    .find(|(q, _)| query(q).is_some())
    .map(|(_, id)| id);
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
<CsrfField/>
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
            <AccountForms locale=locale/>
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
    let rows = page_data(move || {
        let pool = pool.clone();
        let current = current.clone();
        async move {
            match pool {
                Some(p) => store::list_sessions(&p, user_id, &current).await,
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
            <h2>{t(locale, "sessions-title")}</h2>
            <Suspense fallback=|| ()>
                {move || rows.get().map(|data| loaded(data, |rows| {
                    let items = rows.into_iter().map(|r| view! {
                        <li>
                            <strong>{super::types::device_label(&r.user_agent).unwrap_or_else(|| t(locale, "sessions-unknown-device"))}</strong>
                            {r.current.then(|| view! { " " <span class="tag">{t(locale, "sessions-this-device")}</span> })}
                            <br/>
                            <span class="meta">{format!("{} · {} {}", r.ip, t(locale, "sessions-last-seen"), format_time(r.last_seen_at))}</span>
                            {(!r.current).then(|| view! {
                                <form method="post" action=format!("/{}/account/sessions/{}/end", locale.code(), r.id_prefix) class="inline">
    <CsrfField/>
                                    <button type="submit" class="link-button">{t(locale, "sessions-end")}</button>
                                </form>
                            })}
                        </li>
                    }).collect_view();
                    view! { <ul class="sessions">{items}</ul> }
                }.into_any()))}
            </Suspense>
            <form method="post" action=format!("/{}/logout", locale.code())>
    <CsrfField/>
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
    let keys = use_context::<std::sync::Arc<crate::kernel::secrets::Secrets>>();
    let codes = state.extra.clone();
    let email = actor.email.clone();
    let enrolment = page_data(move || {
        let pool = pool.clone();
        let keys = keys.clone();
        let email = email.clone();
        async move {
            let pool = pool.ok_or_else(|| anyhow::anyhow!("no database in the page's context"))?;
            let keys = keys.ok_or_else(|| anyhow::anyhow!("no secret key in the page's context"))?;
            let secret = match totp::secret(&pool, &keys, actor_id()).await? {
                Some((_, true)) => return Ok((true, String::new(), String::new())),
                Some((s, false)) => s,
                None => totp::begin(&pool, &keys, actor_id()).await?,
            };
            let (_, svg) = totp::enrolment(&secret, &email)?;
            Ok((false, secret, svg))
        }
    });
    view! {
        <Title text=t(locale, "totp-title")/>
        <section class="form-page">
            <h1>{t(locale, "totp-title")}</h1>
            {query("required").map(|_| view! { <p class="notice problem" role="alert">{t(locale, "account-totp-required")}</p> })}
            {query("disabled").map(|_| view! { <p class="notice success" role="status">{t(locale, "totp-disabled")}</p> })}
            <Notice locale=locale/>
            {(!codes.is_empty()).then(|| view! {
                <div class="card">
                    <h2>{t(locale, "totp-recovery-title")}</h2>
                    <p>{t(locale, "totp-recovery-intro")}</p>
                    <ul class="codes" data-testid="recovery-codes">{codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}</ul>
                </div>
            })}
            <Suspense fallback=|| ()>
                {move || enrolment.get().map(|data| loaded(data, |(enabled, secret, svg)| {
                    if enabled {
                        view! {
                            <p>{t(locale, "account-totp-on")}</p>
                            <h2>{t(locale, "totp-disable-title")}</h2>
                            <form method="post" action=format!("/{}/account/2fa/disable", locale.code())>
<CsrfField/>
                                <Field locale=locale name="disable-code" label="login-code" autocomplete="one-time-code" inputmode="numeric" maxlength=20/>
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
<CsrfField/>
                                <Field locale=locale name="code" label="login-code" autocomplete="one-time-code" inputmode="numeric" maxlength=20/>
                                <button type="submit" class="button">{t(locale, "totp-enable-submit")}</button>
                            </form>
                        }.into_any()
                    }
                }.into_any()))}
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
    <CsrfField/>
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

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let locale = page_locale();
    let q = query("q").unwrap_or_default();
    let role_q = query("role").unwrap_or_default();
    let inst = query("institution").unwrap_or_default();
    let page: i64 = query("page").and_then(|p| p.parse().ok()).unwrap_or(0).clamp(0, 10_000);
    let here = use_context::<http::request::Parts>()
        .map(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default())
        .unwrap_or_default();
    let me = actor_id();
    let filter = store::UserFilter {
        q: q.clone(),
        role: crate::auth::Role::parse(&role_q),
        institution: inst.clone(),
    };
    let pool = use_context::<sqlx::AnyPool>();
    let users = page_data(move || {
        let pool = pool.clone();
        let filter = filter.clone();
        async move {
            match pool {
                Some(p) => store::search_users(&p, &filter, page).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let role_options = crate::auth::Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.code() selected=role_q == r.code()>{t(locale, &format!("role-{}", r.code()))}</option> })
        .collect_view();
    view! {
            <Title text=t(locale, "admin-users-title")/>
            <section>
                <h1>{t(locale, "admin-users-title")}</h1>
                {crate::ui::widgets::admin_links(locale)}
                <crate::ui::widgets::Notice locale=locale/>
                <form method="get" class="filters" role="search">
                    <div class="field"><label for="q">{t(locale, "admin-users-search")}</label>
                        <input id="q" name="q" type="search" value=q.clone()/></div>
                    <div class="field"><label for="role">{t(locale, "account-roles")}</label>
                        <select id="role" name="role"><option value="">{t(locale, "admin-users-any-role")}</option>{role_options}</select></div>
                    <div class="field"><label for="institution">{t(locale, "signup-institution")}</label>
                        <input id="institution" name="institution" value=inst.clone()/></div>
                    <button type="submit" class="button">{t(locale, "admin-users-filter")}</button>
                </form>
                <Suspense fallback=|| ()>
                    {move || users.get().map(|data| loaded(data, |rows| {
                        let here = here.clone();
                        let count = rows.len() as i64;
                        let body = rows.into_iter().map(|u| {
                            let here = here.clone();
                            let role_forms = crate::auth::Role::ALL.into_iter().map(|r| {
                                let has = u.roles.contains(&r);
                                let label = format!("{} {}", if has { "−" } else { "+" }, t(locale, &format!("role-{}", r.code())));
                                view! {
                                    <form method="post" action=format!("/{}/admin/users/{}/role", locale.code(), u.id) class="inline">
    <CsrfField/>
                                        <input type="hidden" name="role" value=r.code()/>
                                        <input type="hidden" name="grant" value=if has { "no" } else { "yes" }/>
                                        <input type="hidden" name="back" value=here.clone()/>
                                        <button type="submit" class="link-button" aria-pressed=if has { "true" } else { "false" }>{label}</button>
                                    </form>
                                }
                            }).collect_view();
                            let disable_label = if u.disabled { t(locale, "admin-users-enable") } else { t(locale, "admin-users-disable") };
                            view! {
                                <tr>
                                    <td>{u.name.clone()}<br/><span class="meta">{u.email.clone()}</span></td>
                                    <td>{u.institution.clone()}<br/><span class="meta">{u.country.clone()}</span></td>
                                    <td>{if u.verified { t(locale, "admin-users-verified") } else { t(locale, "admin-users-unverified") }}
                                        {u.totp.then(|| view! { <br/><span class="meta">{t(locale, "admin-users-totp")}</span> })}
                                        {u.disabled.then(|| view! { <br/><strong>{t(locale, "admin-users-disabled")}</strong> })}</td>
                                    <td>{role_forms}</td>
                                    <td>{(u.id != me).then(|| view! {
                                        <form method="post" action=format!("/{}/admin/users/{}/disable", locale.code(), u.id)>
    <CsrfField/>
                                            <input type="hidden" name="disabled" value=if u.disabled { "no" } else { "yes" }/>
                                            <input type="hidden" name="back" value=here.clone()/>
                                            <button type="submit" class="button secondary">{disable_label.clone()}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <DataTable locale=locale caption="admin-users-title" columns=vec![
                                Column::shown("signup-name"), Column::shown("signup-institution"),
                                Column::shown("admin-users-status"), Column::shown("account-roles"),
                                Column::actions("admin-users-actions"),
                            ]>{body}</DataTable>
                            {(count == store::USERS_PAGE).then(|| view! {
                                <p><a href=format!("?q={}&role={}&institution={}&page={}", enc(&q_of()), enc(&query("role").unwrap_or_default()), enc(&query("institution").unwrap_or_default()), page + 1)>{t(locale, "admin-users-next")}</a></p>
                            })}
                        }
                    }.into_any()))}
                </Suspense>
            </section>
        }
}

fn q_of() -> String {
    query("q").unwrap_or_default()
}

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let locale = page_locale();
    let only_dead = query("dead").is_some();
    let pool = use_context::<sqlx::AnyPool>();
    let rows = crate::ui::widgets::page_data(move || {
        let pool = pool.clone();
        async move {
            match pool {
                Some(p) => crate::mail::list(&p, only_dead, 200).await,
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <Title text=t(locale, "admin-outbox-title")/>
        <section>
            <h1>{t(locale, "admin-outbox-title")}</h1>
            {crate::ui::widgets::admin_links(locale)}
            <p>{t(locale, "admin-outbox-intro")}</p>
            <p>
                <a href=format!("/{}/admin/outbox", locale.code())>{t(locale, "admin-outbox-all")}</a>" · "
                <a href=format!("/{}/admin/outbox?dead=1", locale.code())>{t(locale, "admin-outbox-dead")}</a>
            </p>
            <Suspense fallback=|| ()>
                {move || rows.get().map(|rows| crate::ui::widgets::loaded(rows, |rows| rows.into_iter().map(|r| {
                    let state = match (r.sent_at, r.dead_at) {
                        (Some(ts), _) => format!("{} {}", t(locale, "admin-outbox-sent"), format_time(ts)),
                        (_, Some(ts)) => format!("{} {}", t(locale, "admin-outbox-failed"), format_time(ts)),
                        _ => t(locale, "admin-outbox-pending"),
                    };
                    // One-time links are made when an email is sent: what is stored shows where
                    // the link goes, never a live one.
                    let text = if r.purged {
                        t(locale, "admin-outbox-purged")
                    } else {
                        r.text.replace(crate::mail::LINK, &t(locale, "admin-outbox-link-hidden"))
                    };
                    let id = r.id;
                    view! {
                        <details class="outbox-item">
                            <summary>{format!("#{id} · {} · {} · {state}", r.to, r.subject)}</summary>
                            <p class="meta">{format!("{} · {}: {}", format_time(r.created_at), t(locale, "admin-outbox-attempts"), r.attempts)}</p>
                            {r.last_error.map(|e| view! { <p class="error">{e}</p> })}
                            <pre class="email-text">{text}</pre>
                            {r.dead_at.is_some().then(|| view! {
                                <form method="post" action=format!("/{}/admin/outbox/{id}/retry", locale.code())>
                                    <CsrfField/>
                                    <button type="submit" class="button">{t(locale, "admin-outbox-retry")}</button>
                                </form>
                            })}
                        </details>
                    }
                }).collect_view().into_any()))}
            </Suspense>
        </section>
    }
}

/// `/{lang}/admin/jobs`: durable jobs waiting, failing and dead, with a retry for dead ones.
#[component]
pub fn AdminJobsPage() -> impl IntoView {
    use crate::jobs::Listing;
    let locale = page_locale();
    let which = query("show").and_then(|s| Listing::parse(&s)).unwrap_or(Listing::Pending);
    let pool = use_context::<sqlx::AnyPool>();
    let data = crate::ui::widgets::page_data(move || {
        let pool = pool.clone();
        async move {
            let Some(p) = pool else { return Ok((Vec::new(), [0, 0, 0])) };
            Ok((crate::jobs::list(&p, which, 200).await?, crate::jobs::counts(&p).await?))
        }
    });
    view! {
        <Title text=t(locale, "admin-jobs-title")/>
        <section>
            <h1>{t(locale, "admin-jobs-title")}</h1>
            {crate::ui::widgets::admin_links(locale)}
            <p>{t(locale, "admin-jobs-intro")}</p>
            <Suspense fallback=|| ()>
                {move || data.get().map(|d| crate::ui::widgets::loaded(d, |(rows, counts)| {
                    let tabs = Listing::ALL.into_iter().enumerate().map(|(i, l)| {
                        let count = counts.get(i).map(|c| format!(" ({c})")).unwrap_or_default();
                        view! {
                            <li><a href=format!("/{}/admin/jobs?show={}", locale.code(), l.code())
                                aria-current=(l == which).then_some("page")>
                                {t(locale, &format!("admin-jobs-{}", l.code()))}{count}</a></li>
                        }
                    }).collect_view();
                    let body = rows.into_iter().map(|j| {
                        let id = j.id;
                        view! {
                            <tr>
                                <td>{j.kind.clone()}</td>
                                <td><code>{j.key.clone()}</code></td>
                                <td>{format_time(j.run_at)}</td>
                                <td>{format!("{} / {}", j.attempts, j.max_attempts)}</td>
                                <td>{j.last_error.clone().unwrap_or_default()}</td>
                                <td>{j.dead_at.is_some().then(|| view! {
                                    <form method="post" action=format!("/{}/admin/jobs/{id}/retry", locale.code())>
                                        <CsrfField/>
                                        <button type="submit" class="button secondary">{t(locale, "admin-jobs-retry")}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <ul class="inline-list tabs">{tabs}</ul>
                        <DataTable locale=locale caption="admin-jobs-title" columns=vec![
                            Column::shown("admin-jobs-kind"), Column::shown("admin-jobs-key"),
                            Column::shown("admin-jobs-due"), Column::shown("admin-jobs-attempts"),
                            Column::shown("admin-jobs-error"), Column::actions("admin-jobs-retry"),
                        ]>{body}</DataTable>
                    }.into_any()
                }))}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let locale = page_locale();
    let sent = query("sent").is_some();
    view! {
            <Title text=t(locale, "forgot-title")/>
            <section class="form-page">
                <h1>{t(locale, "forgot-title")}</h1>
                {if sent {
                    view! { <p class="notice" role="status">{t(locale, "forgot-sent")}</p> }.into_any()
                } else {
                    view! {
                        <p>{t(locale, "forgot-intro")}</p>
                        <form method="post" action=format!("/{}/password/forgot", locale.code())>
    <CsrfField/>
                            <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="email"/>
                            <button type="submit" class="button">{t(locale, "forgot-submit")}</button>
                        </form>
                    }.into_any()
                }}
            </section>
        }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let locale = page_locale();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    view! {
            <Title text=t(locale, "reset-title")/>
            <section class="form-page">
                <h1>{t(locale, "reset-title")}</h1>
                <Notice locale=locale/>
                <form method="post" action=format!("/{}/password/reset/{}", locale.code(), token)>
    <CsrfField/>
                    <Field locale=locale name="password" label="reset-password" kind="password" autocomplete="new-password" hint="signup-password-hint"/>
                    <button type="submit" class="button">{t(locale, "reset-submit")}</button>
                </form>
            </section>
        }
}

#[component]
pub fn EmailConfirmPage() -> impl IntoView {
    let locale = page_locale();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    view! {
            <Title text=t(locale, "email-confirm-title")/>
            <section class="form-page">
                <h1>{t(locale, "email-confirm-title")}</h1>
                <Notice locale=locale/>
                <form method="post" action=format!("/{}/email/confirm/{}", locale.code(), token)>
    <CsrfField/>
                    <p>{t(locale, "email-confirm-intro")}</p>
                    <button type="submit" class="button">{t(locale, "email-confirm-submit")}</button>
                </form>
            </section>
        }
}

/// Profile, password, email, data export and deletion forms of the account page.
#[component]
fn AccountForms(locale: Locale) -> impl IntoView {
    let pool = use_context::<sqlx::AnyPool>();
    let user_id = actor_id();
    let state = form_state();
    let profile = page_data(move || {
        let pool = pool.clone();
        async move {
            match pool {
                Some(p) => Ok(store::profile(&p, user_id).await?.unwrap_or_default()),
                None => Ok(store::Profile::default()),
            }
        }
    });
    let delete_errors: Vec<String> =
        ["confirm", "delete-password"].iter().filter_map(|f| state.error(f)).collect();
    view! {
            <Suspense fallback=|| ()>
                {move || profile.get().map(|data| loaded(data, |p| {
                    let st = form_state();
                    let value = |k: &str, fallback: &str| if st.values.contains_key(k) { st.value(k) } else { fallback.to_owned() };
                    let country = value("country", &p.country);
                    let loc = value("locale", &p.locale);
                    // A form sent back shows what was sent, ticks included; otherwise what is stored.
                    let sent = !st.values.is_empty();
                    let check = |name: &'static str, stored: bool, label: &'static str| {
                        let on = if sent { st.value(name) == "yes" } else { stored };
                        view! {
                            <div class="field checkbox">
                                <input type="checkbox" id=format!("f-{name}") name=name value="yes" checked=on/>
                                <label for=format!("f-{name}")>{t(locale, label)}</label>
                            </div>
                        }
                    };
                    view! {
                        <h2>{t(locale, "profile-title")}</h2>
                        <form method="post" action=format!("/{}/account/profile", locale.code())>
    <CsrfField/>
                            <Field locale=locale name="name" label="signup-name" autocomplete="name" initial=p.name.clone()/>
                            <SelectField locale=locale name="locale" label="signup-locale" options=locale_options() selected=loc id="p-locale"/>
                            <SelectField locale=locale name="country" label="signup-country" options=country_options(locale) selected=country id="p-country"/>
                            <Field locale=locale name="institution" label="signup-institution" autocomplete="organization" initial=p.institution.clone()/>
                            <fieldset>
                                <legend>{t(locale, "profile-notifications")}</legend>
                                {check("notify_replies", p.notify_replies, "profile-notify-replies")}
                                {check("notify_cohorts", p.notify_cohorts, "profile-notify-cohorts")}
                                {check("notify_governance", p.notify_governance, "profile-notify-governance")}
                            </fieldset>
                            <SelectField locale=locale name="digest" label="profile-digest" options=digest_options(locale) selected=value("digest", &p.digest)/>
                            <SelectField locale=locale name="time_zone" label="profile-zone" options=zone_options() selected=value("time_zone", &p.time_zone) placeholder="profile-zone-auto"/>
                            <button type="submit" class="button">{t(locale, "profile-save")}</button>
                        </form>
                    }
                }.into_any()))}
            </Suspense>
            <h2>{t(locale, "password-change-title")}</h2>
            <form method="post" action=format!("/{}/account/password", locale.code())>
    <CsrfField/>
                <Field locale=locale name="current" label="password-current" kind="password" autocomplete="current-password"/>
                <Field locale=locale name="new" label="password-new" kind="password" autocomplete="new-password" hint="signup-password-hint"/>
                <button type="submit" class="button">{t(locale, "password-change-submit")}</button>
            </form>
            <h2>{t(locale, "email-change-title")}</h2>
            <form method="post" action=format!("/{}/account/email", locale.code())>
    <CsrfField/>
                <Field locale=locale name="email" label="email-change-new" kind="email" autocomplete="email"/>
                <Field locale=locale name="password" label="password-current" kind="password" autocomplete="current-password"/>
                <button type="submit" class="button">{t(locale, "email-change-submit")}</button>
            </form>
            <h2>{t(locale, "data-title")}</h2>
            <p>{t(locale, "data-intro")}" "<a href=format!("/{}/account/export", locale.code()) download="puente-my-data.json">{t(locale, "data-export")}</a></p>
            <h2>{t(locale, "delete-title")}</h2>
            <p>{t(locale, "delete-intro")}</p>
            <form method="post" action=format!("/{}/account/delete", locale.code())>
    <CsrfField/>
                {delete_errors.into_iter().map(|e| view! { <p class="error">{t(locale, &e)}</p> }).collect_view()}
                <div class="field">
                    <label for="f-delete-password">{t(locale, "password-current")}</label>
                    <input id="f-delete-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes" required/>
                    <label for="f-confirm">{t(locale, "delete-confirm")}</label>
                </div>
                <button type="submit" class="button danger">{t(locale, "delete-submit")}</button>
            </form>
        }
}

fn digest_options(locale: Locale) -> Vec<(String, String)> {
    super::types::Digest::ALL
        .into_iter()
        .map(|f| (f.code().to_owned(), t(locale, &format!("profile-digest-{}", f.code()))))
        .collect()
}

fn zone_options() -> Vec<(String, String)> {
    crate::kernel::zones::options()
}
