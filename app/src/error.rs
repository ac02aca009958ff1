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
    Network,
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
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            // Only the server reads arguments: answer 400 rather than the default 500.
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::MissingArg(e) => {
                let err = AppError::BadRequest(e);
                #[cfg(feature = "ssr")]
                let err = err.with_status();
                err
            }
            _ => AppError::Network,
        }
    }
}

/// Collects field errors so a form shows every problem at once.
#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    /// The parsed value, or None with its message noted against `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        parsed.map_err(|message| self.push(field, message)).ok()
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Ok when no field was refused; else one validation error naming them all.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation {
                message: "Please correct the highlighted fields.".into(),
                fields: self.0,
            })
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use sea_orm::{DbErr, SqlErr};

    use super::AppError;

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

    /// True when a write failed on a unique index (an email or id already taken).
    pub fn is_unique_violation(err: &DbErr) -> bool {
        matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
    }

    /// Turns a unique-index violation into the client error `conflict` makes; any other database
    /// error converts as usual.
    pub trait OnConflict<T> {
        fn on_unique_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError>;
    }

    impl<T> OnConflict<T> for Result<T, DbErr> {
        fn on_unique_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError> {
            self.map_err(|err| {
                if is_unique_violation(&err) {
                    conflict()
                } else {
                    err.into()
                }
            })
        }
    }

    impl AppError {
        /// The HTTP status this error answers with.
        pub fn status(&self) -> StatusCode {
            match self {
                AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Network => StatusCode::BAD_GATEWAY,
            }
        }

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
                response.set_status(self.status());
            }
            self
        }
    }

    /// Plain routes (exports, MCP's token check) answer an error as its status and sentence.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            (self.status(), self.to_string()).into_response()
        }
    }

    /// Runs a server function body and gives its error the right HTTP status.
    ///
    /// The body is boxed: a page's resource moves its server function's future several times
    /// before it first runs, and unboxed that future carries every query's state inline
    /// (BENCHMARKS.md, step 9).
    pub fn respond<T>(
        body: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> impl std::future::Future<Output = Result<T, AppError>> {
        let body = Box::pin(body);
        async move { body.await.map_err(AppError::with_status) }
    }

    /// A value the server provides to every server function and page (the database, the auth
    /// settings, the agent). Missing is a wiring bug, which the user sees as a generic error
    /// rather than a panic.
    pub fn from_context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
        leptos::prelude::use_context::<T>().ok_or_else(|| {
            tracing::error!(
                missing = std::any::type_name::<T>(),
                "a server context is missing"
            );
            AppError::Internal
        })
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
        assert_eq!(err.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
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
        assert!(matches!(err, AppError::Network));
        assert!(err.to_string().starts_with("Could not reach the server"));
    }
}
