//! Server functions for accounts. Thin: read the session, call the service, set the status.
use leptos::prelude::*;

use super::{SessionInfo, SessionUser};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::service::{self, AuthState};
#[cfg(feature = "ssr")]
use crate::db::Db;
#[cfg(feature = "ssr")]
use crate::error::{respond, Fields};

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use std::net::SocketAddr;

    use axum::extract::ConnectInfo;
    use axum::http::HeaderMap;
    use tower_sessions::Session;
    use uuid::Uuid;

    use crate::auth::session_store::{
        hash_session_id, LOADED_USER_KEY, USER_AGENT_KEY, USER_ID_KEY,
    };
    use crate::auth::{service, SessionUser};
    use crate::db::Db;
    use crate::error::AppError;

    pub async fn session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })
    }

    pub fn store_error(err: tower_sessions::session::Error) -> AppError {
        tracing::warn!(error = %err, "session store unavailable");
        AppError::Unavailable
    }

    /// The signed-in user's id, if any (a deleted or expired session reads as signed out).
    pub async fn session_user_id(session: &Session) -> Result<Option<Uuid>, AppError> {
        session.get::<Uuid>(USER_ID_KEY).await.map_err(store_error)
    }

    /// The stored key of this request's session, to tell "this device" apart.
    pub fn session_key(session: &Session) -> Option<String> {
        session.id().map(|id| hash_session_id(&id))
    }

    /// The one way server functions learn who is asking: the signed-in user, or Unauthorized.
    /// Every later query is scoped by the returned user's id.
    pub async fn require_user() -> Result<SessionUser, AppError> {
        signed_in_user(&session().await?)
            .await?
            .ok_or(AppError::Unauthorized)
    }

    /// The user this request's session is signed in as, if any.
    pub async fn signed_in_user(session: &Session) -> Result<Option<SessionUser>, AppError> {
        session_user(&Db::from_context()?, session).await
    }

    /// The user `session` is signed in as, if any (also for plain axum handlers such as the
    /// exports). The session store reads the user with the session; the user is read on their
    /// own only when the session changed users in this request.
    pub async fn session_user(db: &Db, session: &Session) -> Result<Option<SessionUser>, AppError> {
        let Some(user_id) = session_user_id(session).await? else {
            return Ok(None);
        };
        let loaded = session
            .get::<SessionUser>(LOADED_USER_KEY)
            .await
            .ok()
            .flatten()
            .filter(|u| u.id == user_id);
        match loaded {
            Some(user) => Ok(Some(user)),
            None => service::find_session_user(db.conn()?, user_id).await,
        }
    }

    pub async fn client_address() -> String {
        leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|_| "unknown".to_owned())
    }

    async fn user_agent() -> String {
        leptos_axum::extract::<HeaderMap>()
            .await
            .ok()
            .and_then(|h| {
                h.get(axum::http::header::USER_AGENT)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    }

    /// Signs `user_id` in and sends the browser on to `next` (or the dashboard).
    pub async fn sign_in(user_id: Uuid, next: Option<String>) -> Result<(), AppError> {
        start_session(&session().await?, user_id).await?;
        redirect_to(next, "/dashboard");
        Ok(())
    }

    /// Signs `user_id` in on a fresh session id (the old id, if any, stops working).
    pub async fn start_session(session: &Session, user_id: Uuid) -> Result<(), AppError> {
        session.cycle_id().await.map_err(store_error)?;
        session
            .insert(USER_ID_KEY, user_id)
            .await
            .map_err(store_error)?;
        session
            .insert(USER_AGENT_KEY, user_agent().await)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    pub async fn end_session(session: &Session) -> Result<(), AppError> {
        session.flush().await.map_err(store_error)
    }

    /// Sends the browser to `next` when it is a path on this site, else to `fallback`.
    pub fn redirect_to(next: Option<String>, fallback: &str) {
        let target = next
            .as_deref()
            .and_then(crate::auth::validate::safe_next)
            .unwrap_or_else(|| fallback.to_owned());
        leptos_axum::redirect(&target);
    }
}

/// The signed-in user, or None. Feeds the navbar and the page guards.
#[server(endpoint = "me")]
pub async fn get_current_user() -> Result<Option<SessionUser>, AppError> {
    respond(async { signed_in_user(&session().await?).await }).await
}

#[server(endpoint = "signup")]
pub async fn signup(
    name: String,
    email: String,
    password: String,
    password_confirm: String,
    #[server(default)] timezone: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use super::validate::{Email, Name};
    respond(async move {
        let auth = AuthState::from_context()?;
        auth.limits.attempt(&client_address().await)?;
        let mut fields = Fields::default();
        let name = fields.check("name", Name::parse(&name));
        let email = fields.check("email", Email::parse(&email));
        let password = service::confirmed_password(
            &mut fields,
            ("password", password),
            ("password_confirm", &password_confirm),
        );
        fields.finish()?;
        let (Some(name), Some(email), Some(password)) = (name, email, password) else {
            return Err(AppError::Internal);
        };
        let user = service::create_user(
            Db::from_context()?.conn()?,
            &auth.hasher,
            name,
            email,
            password,
            &timezone,
        )
        .await?;
        tracing::info!(user_id = %user.id, "signed up");
        sign_in(user.id, next).await
    })
    .await
}

#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use super::validate::{Email, PASSWORD_MAX_BYTES};
    respond(async move {
        let auth = AuthState::from_context()?;
        auth.limits.attempt(&client_address().await)?;
        let email = Email::parse(&email).map_err(|m| AppError::field("email", m))?;
        if password.len() > PASSWORD_MAX_BYTES {
            return Err(AppError::InvalidCredentials);
        }
        auth.limits.check_account(email.as_str())?;
        let db = Db::from_context()?;
        let user = match service::authenticate(db.conn()?, &auth.hasher, &email, &password).await {
            Ok(user) => user,
            Err(AppError::InvalidCredentials) => {
                auth.limits.record_failure(email.as_str());
                tracing::warn!("login failed");
                return Err(AppError::InvalidCredentials);
            }
            Err(other) => return Err(other),
        };
        auth.limits.clear_failures(email.as_str());
        tracing::info!(user_id = %user.id, "logged in");
        sign_in(user.id, next).await
    })
    .await
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    respond(async {
        let session = session().await?;
        if let Some(user_id) = session_user_id(&session).await? {
            tracing::info!(user_id = %user_id, "logged out");
        }
        end_session(&session).await?;
        redirect_to(None, "/");
        Ok(())
    })
    .await
}

#[server(endpoint = "account_name")]
pub async fn update_name(name: String) -> Result<SessionUser, AppError> {
    respond(async move {
        let user = require_user().await?;
        let name = super::validate::Name::parse(&name).map_err(|m| AppError::field("name", m))?;
        service::update_name(Db::from_context()?.conn()?, user.id, name).await
    })
    .await
}

#[server(endpoint = "account_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        let mut fields = Fields::default();
        let new = service::confirmed_password(
            &mut fields,
            ("new_password", new_password),
            ("new_password_confirm", &new_password_confirm),
        );
        fields.finish()?;
        let new = new.ok_or(AppError::Internal)?;
        let (db, auth) = (Db::from_context()?, AuthState::from_context()?);
        let conn = db.conn()?;
        service::change_password(conn, &auth.hasher, user.id, &current_password, new).await?;
        // Everyone else holding this account's cookies is out; this browser gets a new id.
        let session = session().await?;
        let ended =
            service::end_other_sessions(conn, user.id, session_key(&session).as_deref()).await?;
        session.cycle_id().await.map_err(store_error)?;
        tracing::info!(user_id = %user.id, other_sessions_ended = ended, "password changed");
        Ok(())
    })
    .await
}

#[server(endpoint = "account_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionInfo>, AppError> {
    respond(async {
        let user = require_user().await?;
        let key = session_key(&session().await?);
        service::list_sessions(Db::from_context()?.conn()?, user.id, key.as_deref()).await
    })
    .await
}

#[server(endpoint = "account_sessions_end")]
pub async fn end_one_session(key: String) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        service::end_session(Db::from_context()?.conn()?, user.id, &key).await?;
        tracing::info!(user_id = %user.id, "ended a session");
        Ok(())
    })
    .await
}

#[server(endpoint = "account_sessions_end_others")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    respond(async {
        let user = require_user().await?;
        let key = session_key(&session().await?);
        let ended =
            service::end_other_sessions(Db::from_context()?.conn()?, user.id, key.as_deref())
                .await?;
        tracing::info!(user_id = %user.id, ended, "ended other sessions");
        Ok(ended)
    })
    .await
}

#[server(endpoint = "account_delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        let (db, auth) = (Db::from_context()?, AuthState::from_context()?);
        service::delete_account(db.conn()?, &auth.hasher, user.id, &password).await?;
        end_session(&session().await?).await?;
        tracing::info!(user_id = %user.id, "account deleted");
        redirect_to(None, "/");
        Ok(())
    })
    .await
}
