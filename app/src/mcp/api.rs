//! Server functions for MCP tokens. Thin: the signed-in user from auth, then the token service.
use leptos::prelude::*;
use uuid::Uuid;

use super::{CreatedToken, TokenInfo};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::api::{require_user, respond};

#[server(endpoint = "mcp_tokens")]
pub async fn list_api_tokens() -> Result<Vec<TokenInfo>, AppError> {
    respond(async {
        let (state, user) = require_user().await?;
        super::service::list(state.db.conn()?, user.id).await
    })
    .await
}

/// Creates a token; the answer carries its value, which is never shown again.
#[server(endpoint = "mcp_token_create")]
pub async fn create_api_token(name: String) -> Result<CreatedToken, AppError> {
    respond(async move {
        let (state, user) = require_user().await?;
        let (info, token) =
            super::service::create(state.db.conn()?, user.id, &name, chrono::Utc::now()).await?;
        tracing::info!(user_id = %user.id, token_id = %info.id, "MCP token created");
        Ok(CreatedToken {
            info,
            token,
            mcp_url: format!("{}{}", state.app_url, super::server::MCP_PATH),
        })
    })
    .await
}

#[server(endpoint = "mcp_token_revoke")]
pub async fn revoke_api_token(id: Uuid) -> Result<(), AppError> {
    respond(async move {
        let (state, user) = require_user().await?;
        super::service::revoke(state.db.conn()?, user.id, id).await?;
        tracing::info!(user_id = %user.id, token_id = %id, "MCP token revoked");
        Ok(())
    })
    .await
}
