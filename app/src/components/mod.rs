//! Pieces every page uses.
pub mod form;
mod not_found;

use leptos::either::Either;
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

/// What loaded, or why it did not, shown as the error boundary's list would show it. In place of
/// an `ErrorBoundary` around a resource's one `Result`: a boundary writes everything inside it
/// into a buffer of its own first, in case it must throw it away, which for the task list is a
/// copy of the whole page.
pub fn loaded<V: IntoView>(result: Result<V, AppError>) -> Either<V, impl IntoView> {
    match result {
        Ok(view) => Either::Left(view),
        Err(error) => {
            let mut errors = Errors::default();
            errors.insert_with_default_key(error);
            Either::Right(view! { <ErrorMessages errors=ArcRwSignal::new(errors)/> })
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_view_is_shown_and_a_failure_is_said_as_a_sentence() {
        let shown = loaded(Ok(view! { <p>"3 tasks"</p> })).to_html();
        assert!(shown.starts_with("<p>3 tasks"), "{shown}");
        assert!(!shown.contains("role=\"alert\""), "{shown}");

        let failed = loaded(Err::<(), _>(AppError::NotFound("That task".into()))).to_html();
        assert!(failed.contains("role=\"alert\""), "{failed}");
        assert!(failed.contains("That task was not found."), "{failed}");
    }
}
