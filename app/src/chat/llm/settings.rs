//! Where the model is and how long to wait for it, and why it could not be used, in words.
use std::fmt;
use std::time::Duration;

use reqwest::Url;
use serde_json::Value;

/// Where the model is and how long to wait for it.
#[derive(Clone)]
pub struct LlmSettings {
    /// e.g. https://api.openai.com/v1; `/chat/completions` is appended.
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    /// Longest one request to the model may take, from sending it to the last byte.
    pub timeout: Duration,
    /// Longest wait for the model to start answering, and between two pieces of its answer.
    pub stall: Duration,
}

/// Never shows the key.
impl fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmSettings")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("timeout", &self.timeout)
            .field("stall", &self.stall)
            .finish_non_exhaustive()
    }
}

/// The chat-completions URL for a base URL, which may or may not end in `/chat/completions`.
pub fn endpoint(base: &str) -> Result<Url, String> {
    let base = base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/chat/completions").unwrap_or(base);
    let url = Url::parse(&format!("{base}/chat/completions")).map_err(|e| {
        format!("LLM_BASE_URL is not a valid URL ({e}); expected something like https://api.openai.com/v1.")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(
            "LLM_BASE_URL must be an http:// or https:// URL such as https://api.openai.com/v1."
                .into(),
        );
    }
    Ok(url)
}

/// Why the model could not be used, in words for the user.
#[derive(Debug)]
pub enum LlmError {
    Connect(String),
    NoAnswer(Duration),
    Stalled(Duration),
    Timeout(Duration),
    KeyRefused,
    RateLimited,
    ServerError(u16),
    NotFound(String),
    Rejected(u16, String),
    Provider(String),
    Unreadable(String),
}

impl fmt::Display for LlmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LlmError::Connect(what) => write!(f, "{what}"),
            LlmError::NoAnswer(d) => write!(f, "it did not start answering within {} s", secs(*d)),
            LlmError::Stalled(d) => write!(f, "it stopped sending in mid-answer for {} s", secs(*d)),
            LlmError::Timeout(d) => write!(f, "it did not finish answering within {} s", secs(*d)),
            LlmError::KeyRefused => write!(f, "the API key was refused; check LLM_API_KEY"),
            LlmError::RateLimited => write!(f, "it is rate limited; try again in a minute"),
            LlmError::ServerError(code) => write!(f, "it had a server error (HTTP {code})"),
            LlmError::NotFound(url) => write!(
                f,
                "nothing answers at {url} (HTTP 404); check LLM_BASE_URL (it usually ends in /v1) and LLM_MODEL"
            ),
            LlmError::Rejected(code, detail) => {
                write!(f, "it refused the request (HTTP {code})")?;
                if !detail.is_empty() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            LlmError::Provider(detail) => write!(f, "it reported an error: {detail}"),
            LlmError::Unreadable(what) => write!(f, "{what}"),
        }
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{}", d.as_secs())
    } else {
        format!("{s:.1}")
    }
}

/// The provider's error message from an error body, shortened; empty when there is none.
pub fn error_detail(body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return String::new();
    };
    // OpenAI: {"error":{"message":…}}; Gemini sometimes wraps it in an array.
    let error = value.get(0).unwrap_or(&value);
    let message = error
        .pointer("/error/message")
        .or_else(|| error.get("message"))
        .or_else(|| error.get("error"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    message.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_accept_a_base_or_the_full_url() {
        for base in [
            "https://api.openai.com/v1",
            "https://api.openai.com/v1/",
            "https://api.openai.com/v1/chat/completions",
        ] {
            assert_eq!(
                endpoint(base).unwrap().as_str(),
                "https://api.openai.com/v1/chat/completions"
            );
        }
        assert!(endpoint("api.openai.com/v1").is_err());
        assert!(endpoint("ftp://example.com").is_err());
    }

    #[test]
    fn provider_errors_are_read_from_either_shape() {
        assert_eq!(
            error_detail(br#"{"error":{"message":"bad model"}}"#),
            "bad model"
        );
        assert_eq!(
            error_detail(br#"[{"error":{"code":400,"message":"nope"}}]"#),
            "nope"
        );
        assert_eq!(error_detail(b"<html>"), "");
    }

    #[test]
    fn the_key_is_not_in_debug_output() {
        let settings = LlmSettings {
            base_url: "https://x/v1".into(),
            api_key: "sk-secret".into(),
            model: "m".into(),
            timeout: Duration::from_secs(1),
            stall: Duration::from_secs(1),
        };
        assert!(!format!("{settings:?}").contains("sk-secret"));
    }
}
