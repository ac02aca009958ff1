//! Accounts and sessions: sign-up, login, logout, the current user, the account page.
pub mod api;
pub mod validate;
pub mod view;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(feature = "ssr")]
pub mod timezone;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed-in person: what a request needs to know of them (never a password hash), and what
/// the navbar and the account page show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    /// IANA name, e.g. "Europe/Paris": "today" and "overdue" are computed in it.
    pub timezone: String,
}

/// One of the user's active sessions, for the account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The stored (hashed) key; safe to show, useless as a cookie.
    pub key: String,
    pub device: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub this_device: bool,
}

/// "Firefox on Linux" from a User-Agent header; good enough to tell one's devices apart.
pub fn describe_device(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.contains("curl/") {
        "curl"
    } else {
        "Unknown browser"
    };
    let os = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("Linux") || ua.contains("X11") {
        "Linux"
    } else {
        ""
    };
    if os.is_empty() {
        browser.to_owned()
    } else {
        format!("{browser} on {os}")
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        assert_eq!(
            describe_device("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Chrome/156.0 Safari/537.36"),
            "Chrome on Linux"
        );
        assert_eq!(
            describe_device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"),
            "Safari on iOS"
        );
        assert_eq!(describe_device(""), "Unknown browser");
    }
}
