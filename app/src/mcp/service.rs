//! MCP token rules, written once: creating, listing, revoking, and finding whose a presented token
//! is. A token is 32 random bytes; the table keeps only its BLAKE2 hash (as the session store does
//! with session ids), so the value a user copies exists nowhere on the server after creation.
use blake2::{Blake2b512, Blake2s256, Digest};
use chrono::{DateTime, Duration, Utc};
use rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::{parse_token_name, CreatedToken, TokenInfo, MAX_TOKENS_PER_USER};
use crate::auth::SessionUser;
use crate::db::{api_token, user};
use crate::error::AppError;

/// The form field of a token's name (not "name": the profile form on the same page has that).
pub const NAME_FIELD: &str = "token_name";

/// What every token starts with, so people (and secret scanners) recognise one.
pub const TOKEN_PREFIX: &str = "tp_";

/// `last_used_at` is written at most this often per token, not on every call.
const LAST_USED_GRANULARITY: Duration = Duration::minutes(1);

/// The stored key of a token.
pub fn hash_token(token: &str) -> String {
    let digest = Blake2s256::digest(token.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

/// A new token waiting in the session for the page after a plain form post (JavaScript off).
/// Its value is sealed with a key derived from the raw session id, which only the browser's
/// cookie holds (the session table keys rows by its hash), so the stored session data opens
/// nothing either.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SealedToken {
    pub info: TokenInfo,
    pub mcp_url: String,
    sealed: String,
}

fn keystream(session_id: &str, token_id: Uuid) -> [u8; 64] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"taskpilot mcp token flash\0");
    hasher.update(session_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(token_id.as_bytes());
    hasher.finalize().into()
}

fn xor_hex(bytes: &[u8], key: &[u8; 64]) -> Option<Vec<u8>> {
    (bytes.len() <= key.len()).then(|| bytes.iter().zip(key).map(|(b, k)| b ^ k).collect())
}

impl SealedToken {
    pub fn seal(created: &CreatedToken, session_id: &str) -> Option<SealedToken> {
        let secret = created.token.strip_prefix(TOKEN_PREFIX)?;
        let sealed = xor_hex(secret.as_bytes(), &keystream(session_id, created.info.id))?;
        Some(SealedToken {
            info: created.info.clone(),
            mcp_url: created.mcp_url.clone(),
            sealed: sealed.iter().map(|b| format!("{b:02x}")).collect(),
        })
    }

    pub fn open(self, session_id: &str) -> Option<CreatedToken> {
        let bytes: Vec<u8> = (0..self.sealed.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(self.sealed.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        let secret = xor_hex(&bytes, &keystream(session_id, self.info.id))?;
        let secret = String::from_utf8(secret).ok()?;
        let token = format!("{TOKEN_PREFIX}{secret}");
        // A wrong session id yields garbage, not someone else's token: check it is one of ours.
        if !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(CreatedToken {
            info: self.info,
            token,
            mcp_url: self.mcp_url,
        })
    }
}

impl From<api_token::Model> for TokenInfo {
    fn from(t: api_token::Model) -> Self {
        TokenInfo {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
        }
    }
}

/// Creates a token named `name` for `user_id`; returns it with its one-time value.
pub async fn create(
    db: &DatabaseConnection,
    user_id: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(TokenInfo, String), AppError> {
    let name = parse_token_name(name).map_err(|m| AppError::field(NAME_FIELD, m))?;
    let held = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .count(db)
        .await?;
    if held >= MAX_TOKENS_PER_USER {
        return Err(AppError::field(
            NAME_FIELD,
            format!("You already have {held} tokens. Revoke one you no longer use first."),
        ));
    }
    let token = new_token();
    let row = api_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        name: Set(name),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        last_used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((row.into(), token))
}

/// The user's tokens, newest first.
pub async fn list(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<TokenInfo>, AppError> {
    let rows = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(TokenInfo::from).collect())
}

/// Revokes one of the user's tokens; it stops working at once (someone else's id matches nothing).
pub async fn revoke(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), AppError> {
    let result = api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("That token".into()));
    }
    Ok(())
}

/// The user a presented token belongs to, or `Unauthorized`. Notes when it was last used.
pub async fn authenticate(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<SessionUser, AppError> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Err(AppError::Unauthorized);
    }
    let Some((row, Some(owner))) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Err(AppError::Unauthorized);
    };
    let stale = row
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USED_GRANULARITY);
    if stale {
        let mut active: api_token::ActiveModel = row.into();
        active.last_used_at = Set(Some(now));
        // Bookkeeping only: a failed write must not refuse a valid token.
        if let Err(err) = active.update(db).await {
            tracing::warn!(error = %err, "could not note a token's last use");
        }
    }
    Ok(owner.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), hash_token(&b));
        assert!(!hash_token(&a).contains(&a[TOKEN_PREFIX.len()..]));
    }

    #[test]
    fn a_sealed_token_opens_only_with_its_session_id() {
        let created = CreatedToken {
            info: TokenInfo {
                id: Uuid::new_v4(),
                name: "Laptop".into(),
                created_at: Utc::now(),
                last_used_at: None,
            },
            token: new_token(),
            mcp_url: "http://127.0.0.1:3000/mcp".into(),
        };
        let sealed = SealedToken::seal(&created, "session-a").unwrap();
        let stored = serde_json::to_string(&sealed).unwrap();
        assert!(!stored.contains(&created.token[TOKEN_PREFIX.len()..]));
        assert_eq!(sealed.clone().open("session-a"), Some(created.clone()));
        assert_ne!(sealed.open("session-b"), Some(created));
    }
}
