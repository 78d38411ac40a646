use crate::accounts::pages::{
    AccountPage, AdminOutboxPage, AdminUsersPage, ConductAcceptPage, EmailConfirmPage, ForgotPage,
    LoginCodePage, LoginPage, ResetPage, SignupPage, SignupSentPage, TotpPage, VerifyPage,
};
use crate::i18n::{t, Locale};
use crate::lessons::pages::{CatalogPage, CoursePage, DashboardPage, EpisodePage, GlossaryPage, SearchPage};
use crate::ui::pages::{ConductPage, HomePage, NotFound, PrivacyPage};
use crate::ui::widgets::{current_actor, CsrfField};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

/// The per-response CSP nonce, put in the request's extensions by the server's security layer.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Site-wide settings the pages need, provided by the server.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where people write to the operators (privacy and conduct reports).
    pub contact: String,
    /// The stylesheet's URL, versioned so browsers can cache it for long.
    pub css_href: String,
    /// URL prefix of the wasm bundle (`/pkg`).
    pub pkg_prefix: String,
    /// File names of the wasm-bindgen output in `pkg_prefix`.
    pub js_file: String,
    pub wasm_file: String,
}

/// The locale of the page being rendered; Spanish when the path has none (e.g. a 404 at `/x`).
pub fn page_locale() -> Locale {
    use_context::<Locale>()
        .or_else(|| use_context::<http::request::Parts>().and_then(|p| Locale::from_path(p.uri.path())))
        .unwrap_or_default()
}

fn title_or(title: String, site: String) -> String {
    if title.is_empty() {
        site
    } else {
        title
    }
}

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let _ = options;
    let parts = use_context::<http::request::Parts>();
    let locale = parts.as_ref().and_then(|p| Locale::from_path(p.uri.path())).unwrap_or_default();
    let nonce =
        parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()).map(|n| n.0.clone()).unwrap_or_default();
    // Leptos's own streamed scripts use the same nonce.
    provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    let site = use_context::<Site>();
    let css_href = site.as_ref().map(|s| s.css_href.clone()).unwrap_or_default();
    let loader = site.as_ref().map(island_loader).unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=css_href/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
                <script type="module" nonce=nonce>{loader}</script>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Loads the wasm only when the page has an island, then wakes each island.
fn island_loader(site: &Site) -> String {
    format!(
        "const islands=document.querySelectorAll('leptos-island');\
         if(islands.length){{import('{p}/{js}').then(async m=>{{\
         await m.default({{module_or_path:'{p}/{wasm}'}});m.hydrate();\
         for(const el of islands){{const f=m[el.dataset.component];if(f){{f(el);}}}}}});}}",
        p = site.pkg_prefix,
        js = site.js_file,
        wasm = site.wasm_file,
    )
}

/// Pages are rendered whole before they are sent (`SsrMode::Async`): with out-of-order streaming,
/// content inside `<Suspense>` would need JavaScript to appear, and every page must work without it.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // A handler's failure is shown at whatever address it happened, inside the site's frame.
    if use_context::<crate::http::PageError>().is_some() {
        return view! { <Router><Frame><crate::ui::pages::ErrorPage/></Frame></Router> }.into_any();
    }
    view! {
        <Router>
            <Routes fallback=|| view! { <Frame><NotFound/></Frame> }>
                <ParentRoute ssr=SsrMode::Async path=ParamSegment("lang") view=Layout>
                    <Route ssr=SsrMode::Async path=StaticSegment("") view=HomePage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("conduct") view=ConductPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("privacy") view=PrivacyPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("courses") view=CatalogPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("courses"), ParamSegment("course")) view=CoursePage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("courses"), ParamSegment("course"), ParamSegment("episode")) view=EpisodePage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("glossary") view=GlossaryPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("search") view=SearchPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("dashboard") view=DashboardPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("signup") view=SignupPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("signup"), StaticSegment("sent")) view=SignupSentPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("login") view=LoginPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("login"), StaticSegment("code")) view=LoginCodePage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("verify"), ParamSegment("token")) view=VerifyPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("account") view=AccountPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("account"), StaticSegment("2fa")) view=TotpPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("conduct"), StaticSegment("accept")) view=ConductAcceptPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("password"), StaticSegment("forgot")) view=ForgotPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("password"), StaticSegment("reset"), ParamSegment("token")) view=ResetPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("email"), StaticSegment("confirm"), ParamSegment("token")) view=EmailConfirmPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("users")) view=AdminUsersPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("outbox")) view=AdminOutboxPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("jobs")) view=crate::accounts::pages::AdminJobsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("notebooks")) view=crate::notebooks::pages::AdminNotebooksPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("notebooks") view=crate::notebooks::pages::NotebooksPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("notebooks"), ParamSegment("key")) view=crate::notebooks::pages::ProgressPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
    .into_any()
}

/// Checks the locale segment, then renders the page inside the frame; an unknown locale is a 404.
#[component]
fn Layout() -> impl IntoView {
    let params = use_params_map();
    let locale = params.with_untracked(|p| p.get("lang").and_then(|l| Locale::from_segment(&l)));
    match locale {
        Some(locale) => {
            provide_context(locale);
            view! { <Frame><Outlet/></Frame> }.into_any()
        }
        None => view! { <Frame><NotFound/></Frame> }.into_any(),
    }
}

/// Log in / sign up, or the person's name and a log-out button (a form: it changes state).
#[component]
fn AccountNav(locale: Locale) -> impl IntoView {
    match current_actor() {
        Some(actor) => view! {
            <div class="account-nav">
                {actor.has(crate::accounts::authz::Role::Admin).then(|| view! {
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
fn Frame(children: Children) -> impl IntoView {
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
