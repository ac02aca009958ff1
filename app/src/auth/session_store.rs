//! tower-sessions store on the app database (SeaORM), so every server instance shares sessions.
//! Rows are keyed by a BLAKE2 hash of the session id: a copy of the table holds no usable cookie.
//! `user_id` is lifted out of the data into its own foreign-key column, so ending all sessions of a
//! user is one DELETE and deleting the user removes them by cascade.
use std::time::Duration;

use async_trait::async_trait;
use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use uuid::Uuid;

use super::SessionUser;
use crate::db::session::{self, Column, Entity};
use crate::db::user;
use crate::db::Db;
use crate::error::is_unique_violation;

/// Keys this app keeps in the session data.
pub const USER_ID_KEY: &str = "user_id";
pub const USER_AGENT_KEY: &str = "user_agent";
/// The signed-in user (`SessionUser`: no password hash), read together with the session (one
/// query instead of two on every page) and kept in the loaded record for this request only: `row`
/// never writes it back.
pub const LOADED_USER_KEY: &str = "loaded_user";

/// The stored key of a session id.
pub fn hash_session_id(id: &Id) -> String {
    let digest = Blake2s256::digest(id.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    /// Absolute lifetime: a session older than this is over, however active.
    max_lifetime: Duration,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_chrono(t: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn to_time(t: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or_else(|_| OffsetDateTime::now_utc())
}

impl DbSessionStore {
    pub fn new(db: Db, max_lifetime: Duration) -> Self {
        DbSessionStore { db, max_lifetime }
    }

    fn oldest_allowed_start(&self) -> DateTime<Utc> {
        Utc::now()
            - chrono::Duration::from_std(self.max_lifetime).unwrap_or(chrono::Duration::days(30))
    }

    fn row(record: &Record) -> Result<session::ActiveModel, session_store::Error> {
        let mut stored = record.data.clone();
        stored.remove(LOADED_USER_KEY);
        let data = serde_json::to_string(&stored)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let user_id = record
            .data
            .get(USER_ID_KEY)
            .and_then(|v| v.as_str())
            .and_then(|s| Uuid::parse_str(s).ok());
        let user_agent: String = record
            .data
            .get(USER_AGENT_KEY)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .chars()
            .take(512)
            .collect();
        let now = Utc::now();
        Ok(session::ActiveModel {
            id: Set(hash_session_id(&record.id)),
            user_id: Set(user_id),
            data: Set(data),
            expires_at: Set(to_chrono(record.expiry_date)),
            created_at: Set(now),
            last_seen_at: Set(now),
            user_agent: Set(user_agent),
        })
    }

    /// Removes sessions past their idle expiry or absolute lifetime; returns how many.
    pub async fn purge_expired(&self) -> Result<u64, sea_orm::DbErr> {
        let conn = self
            .db
            .conn()
            .map_err(|_| sea_orm::DbErr::Custom("database not ready".into()))?;
        let result = Entity::delete_many()
            .filter(
                Condition::any()
                    .add(Column::ExpiresAt.lt(Utc::now()))
                    .add(Column::CreatedAt.lt(self.oldest_allowed_start())),
            )
            .exec(conn)
            .await?;
        Ok(result.rows_affected)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let conn = self.db.conn().map_err(backend)?;
        // Ids are random 128-bit values; on the rare clash draw another.
        for _ in 0..3 {
            match Entity::insert(Self::row(record)?).exec(conn).await {
                Ok(_) => return Ok(()),
                Err(err) if is_unique_violation(&err) => record.id = Id::default(),
                Err(err) => return Err(backend(err)),
            }
        }
        Err(backend("could not find a free session id"))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let conn = self.db.conn().map_err(backend)?;
        Entity::insert(Self::row(record)?)
            .on_conflict(
                OnConflict::column(Column::Id)
                    .update_columns([
                        Column::UserId,
                        Column::Data,
                        Column::ExpiresAt,
                        Column::LastSeenAt,
                        Column::UserAgent,
                    ])
                    .to_owned(),
            )
            .exec(conn)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let conn = self.db.conn().map_err(backend)?;
        let found = Entity::find_by_id(hash_session_id(id))
            .filter(Column::ExpiresAt.gt(Utc::now()))
            .filter(Column::CreatedAt.gt(self.oldest_allowed_start()))
            .find_also_related(user::Entity)
            .one(conn)
            .await
            .map_err(backend)?;
        let Some((row, user)) = found else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&row.data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        if let Some(user) = user {
            let user = serde_json::to_value(SessionUser::from(user))
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
            data.insert(LOADED_USER_KEY.to_owned(), user);
        }
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(row.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let conn = self.db.conn().map_err(backend)?;
        Entity::delete_by_id(hash_session_id(id))
            .exec(conn)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Purges expired sessions every hour for as long as the server runs; a failed round (database
/// away) is logged and the next round tries again.
pub async fn purge_forever(store: DbSessionStore) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        if !store.db.is_ready() {
            continue;
        }
        match store.purge_expired().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "purged expired sessions"),
            Err(err) => {
                tracing::warn!(error = %err, "could not purge expired sessions; will retry")
            }
        }
    }
}

const SEEN_KEY: &str = "seen";

/// Keeps an active user's session alive: at most once an hour a request marks the session as
/// changed, so the store pushes its idle expiry (and the cookie's) forward. Runs as middleware,
/// before any page streams, so the cookie header can still be set.
pub async fn keep_alive(
    session: tower_sessions::Session,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !request.uri().path().starts_with("/pkg/") {
        if let Ok(Some(_)) = session.get::<Uuid>(USER_ID_KEY).await {
            let now = Utc::now().timestamp();
            let seen = session
                .get::<i64>(SEEN_KEY)
                .await
                .ok()
                .flatten()
                .unwrap_or(0);
            if now - seen > 3600 {
                let _ = session.insert(SEEN_KEY, now).await;
            }
        }
    }
    next.run(request).await
}
