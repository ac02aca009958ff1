//! Account rules, written once: creating users, checking passwords, changing them, deleting
//! accounts, and the per-user session list. Server functions call these; so do the tests.
use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::password::PasswordHasher;
use super::rate_limit::{LimitSettings, RateLimits};
use super::timezone::valid_timezone;
use super::validate::{Email, Name, Password};
use super::{describe_device, SessionInfo, SessionUser};
use crate::db::{session, user};
use crate::error::{AppError, Fields, OnConflict};

/// Session lifetimes and abuse limits, from the server's settings.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub idle_timeout: Duration,
    pub max_lifetime: Duration,
    pub limits: LimitSettings,
}

/// Everything authentication needs at run time, provided to every server function.
#[derive(Clone)]
pub struct AuthState {
    pub hasher: PasswordHasher,
    pub limits: RateLimits,
    pub settings: AuthSettings,
}

impl AuthState {
    pub fn new(settings: AuthSettings) -> Self {
        AuthState {
            hasher: PasswordHasher::new(),
            limits: RateLimits::new(settings.limits.clone()),
            settings,
        }
    }
}

impl AuthState {
    /// The auth state the server provides to every server function.
    pub fn from_context() -> Result<AuthState, AppError> {
        crate::error::from_context()
    }
}

impl From<user::Model> for SessionUser {
    fn from(u: user::Model) -> Self {
        SessionUser {
            id: u.id,
            name: u.name,
            email: u.email,
            timezone: u.timezone,
        }
    }
}

/// A new password and its confirmation: the password's own rules, then that both are the same.
/// Problems are noted against `field` and `confirm_field`.
pub fn confirmed_password(
    fields: &mut Fields,
    (field, password): (&str, String),
    (confirm_field, confirm): (&str, &str),
) -> Option<Password> {
    let password = fields.check(field, Password::parse(password))?;
    if password.expose() != confirm {
        fields.push(confirm_field, "The two passwords differ.");
        return None;
    }
    Some(password)
}

fn email_taken() -> AppError {
    AppError::field(
        "email",
        "An account with this email already exists. Log in instead, or use another email.",
    )
}

/// The user's row, password hash included: for the checks that need it.
async fn find_user(db: &DatabaseConnection, id: Uuid) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// The user as a request sees them, if the account still exists.
pub async fn find_session_user(
    db: &DatabaseConnection,
    id: Uuid,
) -> Result<Option<SessionUser>, AppError> {
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(SessionUser::from))
}

pub async fn create_user(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    name: Name,
    email: Email,
    password: Password,
    timezone: &str,
) -> Result<SessionUser, AppError> {
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    if existing.is_some() {
        return Err(email_taken());
    }
    let password_hash = hasher.hash(password.expose().to_owned()).await?;
    let model = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email.as_str().to_owned()),
        name: Set(name.as_str().to_owned()),
        password_hash: Set(password_hash),
        timezone: Set(valid_timezone(timezone)),
        task_counter: Set(0),
        created_at: Set(Utc::now()),
    };
    // Two sign-ups with one email at the same moment: the unique index decides.
    let user = model.insert(db).await.on_unique_violation(email_taken)?;
    Ok(user.into())
}

/// The user with this email and password. Unknown email and wrong password fail alike, after
/// one password verification each.
pub async fn authenticate(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    email: &Email,
    password: &str,
) -> Result<SessionUser, AppError> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let matches = match &found {
        Some(user) => {
            hasher
                .verify(password.to_owned(), user.password_hash.clone())
                .await?
        }
        None => hasher.verify_dummy(password.to_owned()).await?,
    };
    match found {
        Some(user) if matches => Ok(user.into()),
        _ => Err(AppError::InvalidCredentials),
    }
}

pub async fn update_name(
    db: &DatabaseConnection,
    user_id: Uuid,
    name: Name,
) -> Result<SessionUser, AppError> {
    let user = find_user(db, user_id).await?;
    let mut model: user::ActiveModel = user.into();
    model.name = Set(name.as_str().to_owned());
    Ok(model.update(db).await?.into())
}

/// Checks the current password, then stores the new one.
pub async fn change_password(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    user_id: Uuid,
    current: &str,
    new: Password,
) -> Result<(), AppError> {
    let user = find_user(db, user_id).await?;
    if !hasher
        .verify(current.to_owned(), user.password_hash.clone())
        .await?
    {
        return Err(AppError::field(
            "current_password",
            "That is not your current password.",
        ));
    }
    let hash = hasher.hash(new.expose().to_owned()).await?;
    let mut model: user::ActiveModel = user.into();
    model.password_hash = Set(hash);
    model.update(db).await?;
    Ok(())
}

/// Deletes the account after checking the password; sessions, tasks, conversations and messages
/// go with it by cascade.
pub async fn delete_account(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    user_id: Uuid,
    password: &str,
) -> Result<(), AppError> {
    let user = find_user(db, user_id).await?;
    if !hasher
        .verify(password.to_owned(), user.password_hash.clone())
        .await?
    {
        return Err(AppError::field("password", "That is not your password."));
    }
    user::Entity::delete_by_id(user_id).exec(db).await?;
    Ok(())
}

pub async fn list_sessions(
    db: &DatabaseConnection,
    user_id: Uuid,
    current_key: Option<&str>,
) -> Result<Vec<SessionInfo>, AppError> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| SessionInfo {
            this_device: current_key == Some(row.id.as_str()),
            device: describe_device(&row.user_agent),
            key: row.id,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        })
        .collect())
}

/// Ends one of the user's sessions (someone else's key matches nothing).
pub async fn end_session(
    db: &DatabaseConnection,
    user_id: Uuid,
    key: &str,
) -> Result<(), AppError> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.eq(key))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("That session".into()));
    }
    Ok(())
}

/// Ends every session of the user except `keep`; returns how many ended.
pub async fn end_other_sessions(
    db: &DatabaseConnection,
    user_id: Uuid,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::Id.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}
