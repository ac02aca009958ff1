//! Pieces every page uses.
pub mod form;
mod navbar;
mod not_found;

pub use navbar::Navbar;

use leptos::prelude::*;

use crate::error::AppError;

/// Percent-encodes a value for a URL query ("a b&c" → "a%20b%26c"); `/` stays readable, as
/// RFC 3986 allows in a query ("?next=/account").
pub fn encode_query_value(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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
