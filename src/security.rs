//! What guards every request and answer: state-changing requests from another site are refused
//! (CSRF: server functions have no protection of their own, and SameSite=Lax only covers some
//! encodings, so every non-GET request is checked against APP_URL), request bodies are read
//! within their limits, and every answer carries the security headers.
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use app::error::AppError;
use app::system::csp::content_security_policy;

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
    json_error(StatusCode::FORBIDDEN, &AppError::Forbidden)
}

/// An error as the app's JSON, which server-function callers read and show, with this status.
fn json_error(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (
        status,
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

/// Headers every answer carries: no framing by other sites (clickjacking), no content sniffing,
/// referrers only to ourselves, no powerful browser features we do not use, and HTTPS only once
/// the app is served over it. Pages set their own script policy with their nonce (see
/// `app::system::csp`); every other answer gets the same policy without one.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
    https: bool,
) -> axum::Router<S> {
    use axum::http::HeaderValue;
    use tower_http::set_header::SetResponseHeaderLayer;
    let set = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&content_security_policy(None))
                .unwrap_or(HeaderValue::from_static("frame-ancestors 'none'")),
        ))
        .layer(set("x-frame-options", "DENY"))
        .layer(set("x-content-type-options", "nosniff"))
        .layer(set("referrer-policy", "same-origin"))
        .layer(set(
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), \
             bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()",
        ));
    if https {
        router.layer(set(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    }
}

/// How much of a request body the server reads, and how long it waits for it.
#[derive(Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub read_timeout: Duration,
}

/// Reads every request body up front, within its limits, so no handler ever waits on a slow
/// client or holds more than `max_bytes`: a body said to be larger is refused before a byte of it
/// is read (413); one that turns out larger is cut off at the limit (413); one that stalls is cut
/// off after `read_timeout` (408). Each answer is a sentence, as the app's JSON error, which
/// server-function callers show. Bodies here are forms and JSON calls, so holding one is cheap;
/// answers (streamed chat replies included) are not affected.
pub async fn read_body_within_limits(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limits.max_bytes) {
        return too_large(limits);
    }
    let (parts, body) = request.into_parts();
    let limited = http_body_util::Limited::new(body, limits.max_bytes);
    let bytes = match tokio::time::timeout(limits.read_timeout, limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
            return too_large(limits);
        }
        Ok(Err(error)) => {
            tracing::debug!(%error, "a request body broke off");
            return json_error(
                StatusCode::BAD_REQUEST,
                &AppError::BadRequest("it broke off before its end".into()),
            );
        }
        Err(_) => {
            tracing::warn!(path = %parts.uri.path(), "a request body stalled");
            return json_error(
                StatusCode::REQUEST_TIMEOUT,
                &AppError::BadRequest(format!(
                    "it did not arrive within {} seconds; please try again",
                    limits.read_timeout.as_secs()
                )),
            );
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Reads "The request could not be read: it is larger than 64 KB, …".
fn too_large(limits: BodyLimits) -> Response {
    json_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &AppError::BadRequest(format!(
            "it is larger than {} KB, the most the server accepts at once",
            limits.max_bytes / 1024
        )),
    )
}
