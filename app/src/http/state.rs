//! What handlers share: the database, the page renderer, cookies, the rate limits, and the
//! domains' services. The server builds one [`Web`] at start-up. Nothing here names a domain:
//! each domain's service is registered in [`Services`] by the server and found by its type, and
//! pages come from the shell function the server hands over.

use crate::http::site::Site;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use leptos::prelude::*;
use sqlx::AnyPool;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

/// Rate limits for the actions attackers automate. Keyed in memory per replica.
pub struct Limits {
    /// Every sign-up, login, reset and code attempt from one address.
    pub per_ip: DefaultKeyedRateLimiter<IpAddr>,
    /// Attempts on one account from one address. Deliberately not per account alone: that would
    /// let anyone lock a real person out by failing on purpose.
    pub per_account_ip: DefaultKeyedRateLimiter<(String, IpAddr)>,
    /// Attempts on one thing from anywhere (second-factor codes of one account): the thing is
    /// already protected by a first factor, so this cannot be used to lock a stranger out.
    pub per_key: DefaultKeyedRateLimiter<String>,
}

/// The address a limit counts against: IPv6 by /64 (one customer's allocation: a single host
/// can use any of its 2^64 addresses), IPv4 (also mapped in IPv6) as it is.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl Limits {
    pub fn new(per_ip_per_minute: u32, per_account_per_15_min: u32) -> Limits {
        let ip = NonZeroU32::new(per_ip_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let acct = NonZeroU32::new(per_account_per_15_min.max(1)).unwrap_or(NonZeroU32::MIN);
        Limits {
            per_ip: RateLimiter::keyed(Quota::per_minute(ip)),
            per_account_ip: RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_secs(15 * 60 / u64::from(acct.get())))
                    .unwrap_or(Quota::per_minute(acct))
                    .allow_burst(acct),
            ),
            per_key: RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_secs(45))
                    .unwrap_or(Quota::per_minute(NonZeroU32::MIN))
                    .allow_burst(NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN)),
            ),
        }
    }

    /// `Err(seconds)` when this address must wait.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), u64> {
        self.per_ip.check_key(&rate_key(ip)).map_err(wait_secs)
    }

    pub fn check_account(&self, account: &str, ip: IpAddr) -> Result<(), u64> {
        self.per_account_ip.check_key(&(account.to_owned(), rate_key(ip))).map_err(wait_secs)
    }

    /// 20 attempts at once, then one every 45 s (20 per 15 minutes), from any address.
    pub fn check_key(&self, key: &str) -> Result<(), u64> {
        self.per_key.check_key(&key.to_owned()).map_err(wait_secs)
    }
}

fn wait_secs(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> u64 {
    use governor::clock::{Clock, DefaultClock};
    not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1)
}

/// The domains' services (the lessons library, the notebook service…), each found by its type
/// and provided to every page as context.
#[derive(Clone, Default)]
pub struct Services {
    by_type: Arc<std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>,
    providers: Arc<Vec<Arc<dyn Fn() + Send + Sync>>>,
}

impl Services {
    /// Adds a service (a cheap-to-clone handle) and provides it to pages as context.
    pub fn with<T: Clone + Send + Sync + 'static>(mut self, service: T) -> Services {
        let mut by_type = (*self.by_type).clone();
        by_type.insert(std::any::TypeId::of::<T>(), Arc::new(service.clone()));
        self.by_type = Arc::new(by_type);
        let mut providers = (*self.providers).clone();
        providers.push(Arc::new(move || provide_context(service.clone())));
        self.providers = Arc::new(providers);
        self
    }

    /// The service of type `T`, if registered.
    pub fn get<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.by_type.get(&std::any::TypeId::of::<T>()).and_then(|s| s.downcast_ref::<T>()).cloned()
    }

    /// Provides every service as context to the page being rendered.
    pub fn provide_all(&self) {
        for p in self.providers.iter() {
            p();
        }
    }
}

/// The HTML document of a page (the route table and the shell), handed over by the top layer.
pub type Shell = Arc<dyn Fn(LeptosOptions) -> AnyView + Send + Sync>;

/// What handlers share, behind one pointer: every layer and handler takes its own copy of the
/// state per request, and copying this is one reference count.
#[derive(Clone)]
pub struct Web(Arc<WebState>);

impl Web {
    pub fn new(state: WebState) -> Web {
        Web(Arc::new(state))
    }
}

impl std::ops::Deref for Web {
    type Target = WebState;

    fn deref(&self) -> &WebState {
        &self.0
    }
}

pub struct WebState {
    pub pool: AnyPool,
    pub options: LeptosOptions,
    pub site: Site,
    /// e.g. `https://puente.example.org`, no trailing slash; email links start with it.
    pub public_base: String,
    pub secure_cookies: bool,
    pub limits: Arc<Limits>,
    /// Wakes the mail worker when a request queued an email.
    pub mail_notify: Arc<tokio::sync::Notify>,
    /// Wakes the job worker when a request queued a job due now.
    pub jobs_notify: Arc<tokio::sync::Notify>,
    /// The server's key for secrets at rest.
    pub secrets: Arc<crate::kernel::secrets::Secrets>,
    /// What happens to a person's data and access in every domain.
    pub people: crate::people::People,
    /// Every domain's service, by type.
    pub services: Services,
    pub shell: Shell,
}

impl Web {
    /// A domain's service; a server built without it is a programming error, answered as an
    /// internal error (and logged) rather than a panic.
    pub fn service<T: Clone + Send + Sync + 'static>(&self) -> Result<T, crate::AppError> {
        self.services.get::<T>().ok_or_else(|| {
            tracing::error!(service = std::any::type_name::<T>(), "service not registered");
            crate::AppError::Internal
        })
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-puente_session"
        } else {
            "puente_session"
        }
    }

    /// `Set-Cookie` for a new session id; persistent (for `max_age` seconds) only with "remember me".
    pub fn session_cookie(&self, token: &str, max_age: Option<i64>) -> HeaderValue {
        let max_age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}{max_age}",
            self.session_cookie_name()
        ))
        .unwrap_or(HeaderValue::from_static(""))
    }

    pub fn csrf_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-puente_csrf"
        } else {
            "puente_csrf"
        }
    }

    pub fn csrf_cookie(&self, token: &str) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
            self.csrf_cookie_name()
        ))
        .unwrap_or(HeaderValue::from_static(""))
    }

    pub fn clear_session_cookie(&self) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax{secure}; Max-Age=0",
            self.session_cookie_name()
        ))
        .unwrap_or(HeaderValue::from_static(""))
    }

    /// Renders the Leptos page at `path` (a page's own address, e.g. `/pt/account`, whatever
    /// address the form posted to) with `state` in context (a form's errors and values, or the
    /// error to show), as a GET by the same person, answering with `status`.
    pub async fn render_at<T: Clone + Send + Sync + 'static>(
        &self,
        parts: &http::request::Parts,
        path: &str,
        state: T,
        status: StatusCode,
    ) -> Response {
        let uri: http::Uri = path.parse().unwrap_or_else(|_| parts.uri.clone());
        let mut req = Request::builder().method("GET").uri(uri);
        for (k, v) in parts.headers.iter() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                req = req.header(k, v);
            }
        }
        let Ok(mut req) = req.body(Body::empty()) else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        *req.extensions_mut() = parts.extensions.clone();
        let context = {
            let site = self.site.clone();
            let pool = self.pool.clone();
            let secrets = self.secrets.clone();
            let services = self.services.clone();
            move || {
                provide_context(site.clone());
                provide_context(pool.clone());
                provide_context(secrets.clone());
                services.provide_all();
                provide_context(state.clone());
            }
        };
        let options = self.options.clone();
        let shell = self.shell.clone();
        let handler = leptos_axum::render_app_async_with_context(context, move || shell(options.clone()));
        let mut res = handler(req).await;
        *res.status_mut() = status;
        res
    }
}

/// A cookie's value from a request's headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Only same-site relative paths may be redirect targets (`/es/…`), never `//evil` or `/\evil`.
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control() || c == '\\')
                && n.len() <= 512 =>
        {
            n.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_goes_to_local_paths() {
        assert_eq!(safe_next(Some("/pt/account"), "/pt/"), "/pt/account");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a\r\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad), "/es/"), "/es/", "{bad:?}");
        }
        assert_eq!(safe_next(None, "/es/"), "/es/");
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; puente_session=abc; x_puente_session=zzz"));
        assert_eq!(cookie(&h, "puente_session"), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn limits_answer_with_a_wait() {
        let l = Limits::new(2, 3);
        let ip: IpAddr = [127, 0, 0, 1].into();
        assert!(l.check_ip(ip).is_ok());
        assert!(l.check_ip(ip).is_ok());
        assert!(l.check_ip(ip).unwrap_err() >= 1);
        let other: IpAddr = [127, 0, 0, 2].into();
        assert!(l.check_ip(other).is_ok(), "limits are per address");
        for _ in 0..3 {
            assert!(l.check_account("ana@uni.example", ip).is_ok());
        }
        assert!(l.check_account("ana@uni.example", ip).is_err());
        assert!(l.check_account("ana@uni.example", other).is_ok(), "another address is not locked out");
    }

    #[test]
    fn ipv6_addresses_count_by_their_64() {
        let l = Limits::new(2, 3);
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let other_net: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(l.check_ip(a).is_ok());
        assert!(l.check_ip(b).is_ok());
        assert!(l.check_ip(a).is_err(), "the same /64 shares one allowance");
        assert!(l.check_ip(other_net).is_ok());
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(rate_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }
}
