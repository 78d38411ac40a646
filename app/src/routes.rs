//! The whole site put together: the HTML document around every page and the route table, which
//! names every domain's pages. The top of the module graph: nothing in `app` depends on it, and
//! the server hands [`shell`] to the HTTP layer as the way to render a page.

use crate::accounts::pages::{
    AccountPage, AdminJobsPage, AdminOutboxPage, AdminUsersPage, ConductAcceptPage, EmailConfirmPage,
    ForgotPage, LoginCodePage, LoginPage, ResetPage, SignupPage, SignupSentPage, TotpPage, VerifyPage,
};
use crate::cohorts::pages as cohorts;
use crate::forum::pages as forum;
use crate::governance::pages as governance;
use crate::http::{CspNonce, Site};
use crate::i18n::Locale;
use crate::lessons::pages::{CatalogPage, CoursePage, DashboardPage, EpisodePage, GlossaryPage};
use crate::search::SearchPage;
use crate::ui::pages::{ConductPage, HomePage, NotFound, PrivacyPage};
use crate::ui::shell::Frame;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

/// Every domain's private areas, for the page-access layer.
pub fn private_areas() -> Vec<(&'static str, crate::http::access::Need)> {
    crate::accounts::PAGES
        .iter()
        .chain(crate::lessons::PAGES)
        .chain(crate::cohorts::PAGES)
        .chain(crate::forum::PAGES)
        .chain(crate::governance::PAGES)
        .chain(crate::notebooks::PAGES)
        .copied()
        .collect()
}

/// Pages whose bytes do not depend on who reads them, when nobody is signed in: the server may
/// render each once (per language and content version) and share it. None of them has a form
/// that posts (a post needs the reader's own anti-forgery token).
pub fn shared_page(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else { return false };
    let mut segments = rest.split('/');
    if segments.next().is_none_or(|l| Locale::from_segment(l).is_none()) {
        return false;
    }
    let segments: Vec<&str> = segments.collect();
    let named = |s: &&str| !s.is_empty();
    match segments.as_slice() {
        [""] | ["glossary"] | ["conduct"] | ["privacy"] | ["courses"] => true,
        ["courses", rest @ ..] => (1..=2).contains(&rest.len()) && rest.iter().all(named),
        ["forum", "t", topic] => named(topic),
        _ => false,
    }
}

/// The page renderer the HTTP layer uses (to show a form again, or an error page).
pub fn shell_fn() -> crate::http::Shell {
    std::sync::Arc::new(|options| shell(options).into_any())
}

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let _ = options;
    let parts = use_context::<http::request::Parts>();
    let locale = parts.as_ref().and_then(|p| Locale::from_path(p.uri.path())).unwrap_or_default();
    // A page shared by every anonymous reader has no nonce: its policy names the loader's hash.
    let nonce = parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()).map(|n| n.0.clone());
    // Leptos's own streamed scripts use the same nonce.
    if let Some(nonce) = &nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    }
    // Pages render on the server and only islands hydrate: page data is not serialized into the
    // page for a browser to read back (an island serializes its own). Leptos's server context
    // starts in "hydrating" mode, which would copy every page's data after `</html>`.
    if let Some(shared) = leptos::reactive::owner::Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
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

/// Loads the wasm only when the page has an island, then wakes each island. The page's only
/// inline script of its own: shared pages' policy allows it by its hash.
pub fn island_loader(site: &Site) -> String {
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
#[cfg(test)]
mod tests {
    #[test]
    fn shared_pages_are_the_reader_independent_ones() {
        for yes in [
            "/es/",
            "/pt/courses",
            "/en/courses/desktop-to-cluster",
            "/pt/courses/desktop-to-cluster/06-slurm",
            "/es/glossary",
            "/es/conduct",
            "/en/privacy",
            "/es/forum/t/12-hola",
        ] {
            assert!(super::shared_page(yes), "{yes}");
        }
        for no in [
            "/",
            "/es",
            "/xx/",
            "/es/courses/",
            "/es/courses/a/b/c",
            "/es/courses//b",
            "/es/login",
            "/es/signup",
            "/es/search",
            "/es/dashboard",
            "/es/forum",
            "/es/forum/t/",
            "/es/forum/new",
            "/es/account",
            "/es/cohorts",
            "/es/governance",
        ] {
            assert!(!super::shared_page(no), "{no}");
        }
    }
}

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
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("jobs")) view=AdminJobsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("notebooks")) view=crate::notebooks::pages::AdminNotebooksPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("notebooks") view=crate::notebooks::pages::NotebooksPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("surveys")) view=cohorts::AdminSurveysPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("governance") view=governance::GovernancePage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("governance"), StaticSegment("new")) view=governance::NewProposalPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("governance"), ParamSegment("proposal")) view=governance::ProposalPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("governance"), StaticSegment("polls"), ParamSegment("poll"), StaticSegment("voted")) view=governance::VotedPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("governance"), ParamSegment("proposal"), StaticSegment("polls"), StaticSegment("new")) view=governance::NewPollPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("forum") view=forum::ForumPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("new")) view=forum::NewTopicPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("notifications")) view=forum::NotificationsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("bookmarks")) view=forum::BookmarksPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("review")) view=forum::ReviewPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("log")) view=forum::ModLogPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("unsubscribe"), ParamSegment("token")) view=forum::UnsubscribePage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("c"), ParamSegment("slug")) view=forum::ForumCategoryPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("t"), ParamSegment("topic")) view=forum::TopicPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("posts"), ParamSegment("id"), StaticSegment("edit")) view=forum::EditPostPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("posts"), ParamSegment("id"), StaticSegment("history")) view=forum::PostHistoryPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("forum"), StaticSegment("posts"), ParamSegment("id"), StaticSegment("flag")) view=forum::FlagPostPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("admin"), StaticSegment("forum")) view=forum::AdminForumPage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("cohorts") view=cohorts::CohortsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), StaticSegment("new")) view=cohorts::NewCohortPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), StaticSegment("mine")) view=cohorts::MyCohortsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug")) view=cohorts::CohortPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("manage")) view=cohorts::ManageCohortPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("roster")) view=cohorts::RosterPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("results")) view=cohorts::SurveyResultsPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("certificates")) view=cohorts::CohortCertificatesPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("sessions"), ParamSegment("id")) view=cohorts::SessionPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("attendance"), ParamSegment("session")) view=cohorts::AttendancePage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("cohorts"), ParamSegment("slug"), StaticSegment("surveys"), ParamSegment("survey")) view=cohorts::SurveyPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("certificates"), ParamSegment("code")) view=cohorts::CertificatePage/>
                    <Route ssr=SsrMode::Async path=StaticSegment("checkout") view=cohorts::CheckoutPage/>
                    <Route ssr=SsrMode::Async path=(StaticSegment("checkout"), StaticSegment("queue")) view=cohorts::CheckoutQueuePage/>
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
