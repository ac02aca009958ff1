//! System status: the first server function wired end to end, shown on the home page.
pub mod api;
#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the home page's status card shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// "SQLite" or "PostgreSQL".
    pub database: String,
    pub migrations_applied: i64,
    pub version: String,
    pub checked_at: DateTime<Utc>,
}
