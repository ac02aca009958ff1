//! Refuses state-changing requests that come from another site (CSRF). Server functions have no
//! protection of their own, and SameSite=Lax only covers some encodings, so every non-GET request
//! is checked here against APP_URL.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::error::AppError;

#[derive(Clone)]
pub struct OriginPolicy {
    /// APP_URL's origin, e.g. "http://127.0.0.1:3000".
    pub origin: String,
    /// With a loopback APP_URL, localhost and 127.0.0.1 are the same site to the person using it.
    pub loopback_port: Option<u16>,
}

impl OriginPolicy {
    pub fn new(app_url: &url::Url) -> Self {
        let loopback = matches!(
            app_url.host_str(),
            Some("127.0.0.1" | "localhost" | "[::1]")
        );
        OriginPolicy {
            origin: app_url.origin().ascii_serialization(),
            loopback_port: loopback.then(|| app_url.port_or_known_default()).flatten(),
        }
    }

    fn allows_origin(&self, origin: &str) -> bool {
        if origin == self.origin {
            return true;
        }
        let Some(port) = self.loopback_port else {
            return false;
        };
        ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|host| origin == format!("{host}:{port}"))
    }

    /// Browsers say where a request comes from; anything but this site is refused. Requests with
    /// neither header come from non-browser clients, which carry no ambient cookies to abuse.
    pub fn allows(&self, sec_fetch_site: Option<&str>, origin: Option<&str>) -> bool {
        if let Some(origin) = origin {
            return self.allows_origin(origin);
        }
        !matches!(sec_fetch_site, Some("cross-site" | "same-site"))
    }
}

pub async fn refuse_cross_site(
    State(policy): State<OriginPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let headers = request.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        if !policy.allows(fetch_site, origin) {
            tracing::warn!(origin = origin.unwrap_or("-"), path = %request.uri().path(), "refused a cross-site request");
            return forbidden();
        }
    }
    next.run(request).await
}

fn forbidden() -> Response {
    let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_passes_and_other_sites_are_refused() {
        let policy = OriginPolicy::new(&url::Url::parse("https://tasks.example.com").unwrap());
        assert!(policy.allows(Some("same-origin"), Some("https://tasks.example.com")));
        assert!(!policy.allows(Some("cross-site"), Some("https://evil.example")));
        assert!(!policy.allows(None, Some("https://evil.example")));
        assert!(!policy.allows(None, Some("http://tasks.example.com")));
        assert!(!policy.allows(Some("same-site"), None));
        assert!(policy.allows(None, None));
    }

    #[test]
    fn loopback_names_are_one_site() {
        let policy = OriginPolicy::new(&url::Url::parse("http://127.0.0.1:3000").unwrap());
        assert!(policy.allows(None, Some("http://localhost:3000")));
        assert!(!policy.allows(None, Some("http://localhost:4000")));
    }
}
