//! Connect to the database, apply migrations, and keep trying (with back-off) while it is away.
use std::time::Duration;

use app::db::Db;
use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector};
use sqlx::pool::PoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use crate::config::DatabaseTarget;

/// How long a request waits for a pooled connection before it answers "temporarily unavailable".
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Builds the pool without connecting: the server starts (and answers /healthz) even when the
/// database is away.
pub fn lazy_pool(target: &DatabaseTarget, max_connections: u32) -> DatabaseConnection {
    match target {
        DatabaseTarget::Sqlite { path } => {
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // A list page's rows (up to 200, and one more to tell if there is a next page)
                // fit without the connection's thread stopping to wait for them to be read.
                .row_buffer_size(256);
            // No ping before each use: an embedded file cannot have hung up, and sqlx's ping is
            // a round trip to the connection's thread that doubled the hops of every query.
            let pool = PoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .test_before_acquire(false)
                .connect_lazy_with(options);
            SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        }
        DatabaseTarget::Postgres(pg) => {
            let pool = PoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(pg.connect.clone());
            SqlxPostgresConnector::from_sqlx_postgres_pool(pool)
        }
    }
}

/// Creates the folder an SQLite file lives in, so a fresh checkout runs with no set-up.
pub async fn prepare(target: &DatabaseTarget) -> std::io::Result<()> {
    if let DatabaseTarget::Sqlite { path } = target {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(parent).await?;
        }
    }
    Ok(())
}

/// Applies pending migrations, retrying with back-off (0.5 s doubling to 30 s) until the database
/// answers; then marks the handle ready. One log line per failed attempt says why.
pub async fn migrate_until_ready(db: Db, description: String) {
    let mut delay = Duration::from_millis(500);
    let mut attempt = 1u32;
    loop {
        match Migrator::up(db.raw(), None).await {
            Ok(()) => {
                db.mark_ready();
                tracing::info!(database = %description, "database ready: migrations applied");
                return;
            }
            Err(err) => {
                tracing::warn!(
                    database = %description,
                    attempt,
                    retry_in_ms = delay.as_millis() as u64,
                    "database not reachable yet: {}",
                    one_line(&err.to_string())
                );
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(30));
        attempt += 1;
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
