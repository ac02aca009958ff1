//! Server functions for MCP tokens. Thin: the signed-in user from auth, then the token service.
use leptos::prelude::*;
use uuid::Uuid;

use super::{CreatedToken, TokenInfo};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::api::{require_user, session, session_user_id, store_error};
#[cfg(feature = "ssr")]
use crate::db::Db;
#[cfg(feature = "ssr")]
use crate::error::respond;

/// Session key of a token created by a plain form post, kept sealed until the next page shows it.
#[cfg(feature = "ssr")]
const CREATED_KEY: &str = "mcp_created_token";

/// A plain HTML form post (JavaScript off): its answer is a redirect back, not the value.
#[cfg(feature = "ssr")]
async fn is_plain_form_post() -> bool {
    leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| {
            h.get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

#[server(endpoint = "mcp_tokens")]
pub async fn list_api_tokens() -> Result<Vec<TokenInfo>, AppError> {
    respond(async {
        let user = require_user().await?;
        super::service::list(Db::from_context()?.conn()?, user.id).await
    })
    .await
}

/// The token a plain form post (JavaScript off) just created, once: the page after the redirect
/// shows it. It waited in the session, sealed (see `service::SealedToken`).
#[server(endpoint = "mcp_token_created")]
pub async fn take_created_token() -> Result<Option<CreatedToken>, AppError> {
    respond(async {
        // The session before anything else awaits.
        let session = session().await?;
        if session_user_id(&session).await?.is_none() {
            return Err(AppError::Unauthorized);
        }
        let Some(sealed) = session
            .remove::<super::service::SealedToken>(CREATED_KEY)
            .await
            .map_err(store_error)?
        else {
            return Ok(None);
        };
        // Saved now: the page may already be streaming when the session layer would save it.
        session.save().await.map_err(store_error)?;
        Ok(session.id().and_then(|id| sealed.open(&id.to_string())))
    })
    .await
}

/// Creates a token; the answer carries its value, which is never shown again.
#[server(endpoint = "mcp_token_create")]
pub async fn create_api_token(token_name: String) -> Result<CreatedToken, AppError> {
    respond(async move {
        // What the request says, before anything else awaits.
        let plain_form = is_plain_form_post().await;
        let session = session().await?;
        let user = require_user().await?;
        let mcp_url = crate::error::from_context::<super::server::McpUrl>()?.0;
        let db = Db::from_context()?;
        let (info, token) =
            super::service::create(db.conn()?, user.id, &token_name, chrono::Utc::now()).await?;
        tracing::info!(user_id = %user.id, token_id = %info.id, "MCP token created");
        let created = CreatedToken {
            info,
            token,
            mcp_url,
        };
        if plain_form {
            let sealed = session
                .id()
                .and_then(|id| super::service::SealedToken::seal(&created, &id.to_string()));
            if let Some(sealed) = sealed {
                session
                    .insert(CREATED_KEY, sealed)
                    .await
                    .map_err(store_error)?;
            }
        }
        Ok(created)
    })
    .await
}

#[server(endpoint = "mcp_token_revoke")]
pub async fn revoke_api_token(id: Uuid) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        super::service::revoke(Db::from_context()?.conn()?, user.id, id).await?;
        tracing::info!(user_id = %user.id, token_id = %id, "MCP token revoked");
        Ok(())
    })
    .await
}
