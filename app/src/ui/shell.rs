//! The frame around every page: skip link, header with navigation and the person's menu, the
//! language switcher, the main landmark and the footer.

use crate::auth::Role;
use crate::i18n::{t, Locale};
use crate::ui::widgets::{current_actor, CsrfField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The locale of the page being rendered; Spanish when the path has none (e.g. a 404 at `/x`).
pub fn page_locale() -> Locale {
    use_context::<Locale>()
        .or_else(|| crate::ui::widgets::with_parts(|p| Locale::from_path(p.uri.path())))
        .unwrap_or_default()
}

fn title_or(title: String, site: String) -> String {
    if title.is_empty() {
        site
    } else {
        title
    }
}

/// Log in / sign up, or the person's name and a log-out button (a form: it changes state).
#[component]
fn AccountNav(locale: Locale) -> impl IntoView {
    match current_actor() {
        Some(actor) => view! {
            <div class="account-nav">
                {actor.has(Role::Admin).then(|| view! {
                    <a href=format!("/{}/admin/users", locale.code())>{t(locale, "nav-admin")}</a>
                })}
                <a href=format!("/{}/dashboard", locale.code())>{t(locale, "dashboard-title")}</a>
                <a href=format!("/{}/notebooks", locale.code())>{t(locale, "notebook-mine-title")}</a>
                <a href=format!("/{}/account", locale.code())>{actor.display_name}</a>
                <form method="post" action=format!("/{}/logout", locale.code())>
                    <CsrfField/>
                    <button type="submit" class="link-button">{t(locale, "nav-logout")}</button>
                </form>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="account-nav">
                <a href=format!("/{}/login", locale.code())>{t(locale, "nav-login")}</a>
                <a href=format!("/{}/signup", locale.code())>{t(locale, "nav-signup")}</a>
            </div>
        }
        .into_any(),
    }
}

/// Header, navigation, main landmark and footer.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let locale = page_locale();
    let path = use_location().pathname.get_untracked();
    let home = format!("/{}/", locale.code());
    let is_home = path == home;
    let switcher = Locale::ALL
        .into_iter()
        .map(|other| {
            let href = other.switch_path(&path);
            let current = (other == locale).then_some("page");
            view! {
                <li>
                    <a href=href hreflang=other.code() lang=other.code() aria-current=current>
                        {t(other, &format!("lang-name-{}", other.code()))}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title formatter=move |title: String| {
            let site = t(locale, "site-name");
            if title.is_empty() || title.starts_with(&site) { title_or(title, site) } else { format!("{title} · {site}") }
        }/>
        <a class="skip-link" href="#main">{t(locale, "skip-link")}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a href=home.clone() class="brand">
                    <span class="brand-mark" aria-hidden="true">"⌒"</span>
                    {t(locale, "site-name")}
                </a>
                <nav aria-label=t(locale, "nav-label")>
                    <ul class="nav-list">
                        <li>
                            <a href=home aria-current=is_home.then_some("page")>{t(locale, "nav-home")}</a>
                        </li>
                        <li>
                            <a href=format!("/{}/courses", locale.code())
                                aria-current=path.starts_with(&format!("/{}/courses", locale.code())).then_some("page")>
                                {t(locale, "nav-courses")}
                            </a>
                        </li>
                        <li>
                            <a href=format!("/{}/glossary", locale.code())>{t(locale, "nav-glossary")}</a>
                        </li>
                        <li>
                            <a href=format!("/{}/forum", locale.code())>{t(locale, "nav-forum")}</a>
                        </li>
                        <li>
                            <a href=format!("/{}/governance", locale.code())>{t(locale, "nav-governance")}</a>
                        </li>
                        <li>
                            <a href=format!("/{}/search", locale.code())>{t(locale, "nav-search")}</a>
                        </li>
                    </ul>
                </nav>
                <AccountNav locale=locale/>
                <nav aria-label=t(locale, "lang-switch-label") class="lang-switch">
                    <ul>{switcher}</ul>
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1" class="wrap">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap footer-row">
                <p>{t(locale, "footer-tagline")}</p>
                <ul class="footer-links">
                    <li><a href=format!("/{}/conduct", locale.code())>{t(locale, "footer-conduct")}</a></li>
                    <li><a href=format!("/{}/privacy", locale.code())>{t(locale, "footer-privacy")}</a></li>
                </ul>
            </div>
        </footer>
    }
}
