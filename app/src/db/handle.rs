use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::error::AppError;

/// The app's one database pool, plus whether start-up has reached it and applied the migrations.
/// Until then every request that needs the database gets `AppError::Unavailable`; afterwards the
/// pool reconnects on its own, and its acquire timeout turns an outage into the same error.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    ready: Arc<AtomicBool>,
}

impl Db {
    /// The handle the server provides to every server function and page.
    pub fn from_context() -> Result<Db, AppError> {
        crate::error::from_context()
    }

    pub fn new(conn: DatabaseConnection) -> Self {
        Db {
            conn,
            ready: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The connection, once the database has been reached and migrated.
    pub fn conn(&self) -> Result<&DatabaseConnection, AppError> {
        if self.is_ready() {
            Ok(&self.conn)
        } else {
            Err(AppError::Unavailable)
        }
    }

    /// The connection even before migrations ran: for start-up and health checks only.
    pub fn raw(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn mark_ready(&self) {
        self.ready.store(true, Ordering::Release);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}
