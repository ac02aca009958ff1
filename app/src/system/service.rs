use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use super::SystemStatus;
use crate::error::AppError;

pub fn engine_name(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Sqlite => "SQLite",
        DatabaseBackend::Postgres => "PostgreSQL",
        _ => "an unsupported database",
    }
}

/// Asks the database itself, so a stale pool shows up as `Unavailable`, not as a cached answer.
pub async fn status(conn: &DatabaseConnection) -> Result<SystemStatus, AppError> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS applied FROM seaql_migrations",
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let migrations_applied: i64 = row.try_get("", "applied")?;
    Ok(SystemStatus {
        database: engine_name(backend).to_owned(),
        migrations_applied,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        checked_at: Utc::now(),
    })
}
