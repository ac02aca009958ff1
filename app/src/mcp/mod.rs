//! The task tools over MCP (Model Context Protocol), so outside agents — desktop assistants, IDEs —
//! manage a user's tasks: the streamable HTTP endpoint at `/mcp` (`server`), the per-user bearer
//! tokens it accepts (`service`), their server functions (`api`) and the section of the account
//! page where people create and revoke them (`view`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest token name.
pub const TOKEN_NAME_MAX_CHARS: usize = 60;
/// How many tokens one user may hold at once.
pub const MAX_TOKENS_PER_USER: u64 = 20;

/// One of the user's tokens as the account page lists it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just created: the only time its value is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub info: TokenInfo,
    pub token: String,
    /// Where MCP clients connect: `{APP_URL}/mcp`.
    pub mcp_url: String,
}

/// A token's name: trimmed, 1 to 60 characters.
pub fn parse_token_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Give the token a name, such as the assistant that will use it.".into());
    }
    if name.chars().count() > TOKEN_NAME_MAX_CHARS {
        return Err(format!(
            "Keep the name under {} characters.",
            TOKEN_NAME_MAX_CHARS + 1
        ));
    }
    Ok(name.to_owned())
}
