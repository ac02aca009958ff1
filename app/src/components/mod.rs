//! Pieces every page uses.
pub mod form;
mod navbar;
mod not_found;

pub use navbar::{NavLink, Navbar};

use leptos::prelude::*;

use crate::error::AppError;

/// Percent-encodes a value for a URL query ("a b&c" → "a%20b%26c"); `/` stays readable, as
/// RFC 3986 allows in a query ("?next=/account").
pub fn encode_query_value(raw: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The errors an error boundary caught, as sentences: an `AppError` says what happened, anything
/// else gets a generic sentence, never a raw code.
#[component]
pub fn ErrorMessages(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <ul class="error-list" role="alert" data-testid="error-messages">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|(_, e)| {
                        let text = e
                            .downcast_ref::<AppError>()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| AppError::Internal.to_string());
                        view! { <li class="error">{text}</li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
pub use not_found::NotFound;

/// Puts `text` on the clipboard (in the browser; nothing on the server). Reached through
/// `Reflect` so the wasm build needs no extra web-sys features.
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Function, Reflect};
        let Ok(navigator) = Reflect::get(&window(), &"navigator".into()) else {
            return;
        };
        if let Ok(clipboard) = Reflect::get(&navigator, &"clipboard".into()) {
            if let Ok(write) = Reflect::get(&clipboard, &"writeText".into()) {
                let _ = Function::from(write).call1(&clipboard, &text.into());
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
