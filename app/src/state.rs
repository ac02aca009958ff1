//! What the server gives every request: the database, the chat agent and the Leptos options.
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::service::AuthState;
use crate::chat::agent::ChatAgent;
use crate::db::Db;
use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: AuthState,
    /// Chosen once at start-up from the LLM settings.
    pub agent: ChatAgent,
    pub leptos_options: LeptosOptions,
    /// APP_URL without a trailing slash, e.g. "https://tasks.example.com": where people and MCP
    /// clients reach this app.
    pub app_url: String,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or while rendering. Missing state is a wiring bug, which
/// the user sees as a generic error rather than a panic.
pub fn expect_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
