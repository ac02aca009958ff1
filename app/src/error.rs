//! The one error type of taskpilot. It crosses the server-function boundary as a typed value, so
//! the browser matches on variants instead of parsing strings. Messages are written for users;
//! internal causes are logged on the server and never sent.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A message that belongs next to one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{message}")]
    Validation {
        message: String,
        fields: Vec<FieldError>,
    },
    #[error("{0}")]
    Conflict(String),
    /// Arguments that could not be read: a hand-made or outdated request (the app's own forms
    /// always send readable ones).
    #[error("The request could not be read: {0}.")]
    BadRequest(String),
    #[error("Too many attempts. Try again in {retry_after_secs} s.")]
    RateLimited { retry_after_secs: u64 },
    #[error("The service is temporarily unavailable. Please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request never got a typed answer (offline, server restarting, bad payload).
    #[error("Could not reach the server. Check your connection and try again.")]
    Network(String),
}

impl AppError {
    /// A validation error about a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Validation {
            message: message.clone(),
            fields: vec![FieldError {
                field: field.to_owned(),
                message,
            }],
        }
    }

    /// The message for `field`, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Validation { fields, .. } => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message.as_str()),
            _ => None,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::InvalidCredentials => 401,
            AppError::NotFound(_) => 404,
            AppError::Validation { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Network(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Network(e),
            // Only the server reads arguments: answer 400 rather than the default 500.
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::MissingArg(e) => {
                let err = AppError::BadRequest(e);
                #[cfg(feature = "ssr")]
                let err = err.with_status();
                err
            }
            other => AppError::Network(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use sea_orm::DbErr;

    impl From<DbErr> for AppError {
        fn from(err: DbErr) -> Self {
            match &err {
                // The pool could not hand out a connection in time: the database is away.
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                    tracing::warn!(error = %err, "database unavailable");
                    AppError::Unavailable
                }
                _ => {
                    tracing::error!(error = %err, "database error");
                    AppError::Internal
                }
            }
        }
    }

    impl AppError {
        /// Sets the response status for this error when answering a server-function call from
        /// script. While a page renders on the server the error shows inside the page, which
        /// stays a 200.
        pub fn with_status(self) -> Self {
            use leptos::prelude::use_context;
            // A plain HTML form post (JavaScript off) is answered with a redirect back to the
            // form carrying the error; a status here would replace that redirect.
            let is_server_fn_call =
                use_context::<axum::http::request::Parts>().is_some_and(|parts| {
                    let plain_form = parts
                        .headers
                        .get(axum::http::header::ACCEPT)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| v.contains("text/html"));
                    parts.uri.path().starts_with("/api/") && !plain_form
                });
            if let (true, Some(response)) = (
                is_server_fn_call,
                use_context::<leptos_axum::ResponseOptions>(),
            ) {
                if let Ok(status) = axum::http::StatusCode::from_u16(self.status_code()) {
                    response.set_status(status);
                }
            }
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_found_by_name() {
        let err = AppError::field("email", "Enter an email address.");
        assert_eq!(err.field_message("email"), Some("Enter an email address."));
        assert_eq!(err.field_message("password"), None);
        assert_eq!(err.status_code(), 422);
    }

    #[test]
    fn errors_round_trip_through_the_server_fn_encoding() {
        let err = AppError::RateLimited {
            retry_after_secs: 42,
        };
        let bytes = err.ser();
        assert_eq!(AppError::de(bytes), err);
        assert_eq!(err.to_string(), "Too many attempts. Try again in 42 s.");
    }

    #[test]
    fn undecodable_answers_become_a_readable_network_error() {
        let err = AppError::de("<html>502 Bad Gateway</html>".into());
        assert!(matches!(err, AppError::Network(_)));
        assert!(err.to_string().starts_with("Could not reach the server"));
    }
}
