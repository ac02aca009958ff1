//! The Content-Security-Policy: only our own scripts run (the wasm glue from /pkg and, on a
//! page, the inline hydration scripts that carry this answer's nonce), nothing loads from other
//! sites, and no other site may frame us.
use leptos::prelude::use_context;

/// The policy for one answer. Pages pass the nonce Leptos put on their inline scripts; other
/// answers (files, JSON, exports) have no inline script and get the policy without one.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let page_scripts = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; \
         script-src 'self'{page_scripts} 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the policy with this page's nonce on its answer. Called from the shell, before the first
/// byte is sent (the headers leave with the first chunk).
pub fn send_for_this_page() {
    use axum::http::{header, HeaderValue};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce();
    let policy = content_security_policy(nonce.as_deref());
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_run_only_from_this_site_or_with_the_nonce() {
        let page = content_security_policy(Some("abc123"));
        assert!(page.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        let scripts = page
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{scripts}");
        assert!(page.contains("frame-ancestors 'none'"));
        let other = content_security_policy(None);
        assert!(other.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!other.contains("nonce"));
    }
}
