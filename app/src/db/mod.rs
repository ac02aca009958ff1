//! Entities of every table and the database handle. Server only: the browser gets the types of
//! the slices (`tasks::Task`, `auth::SessionUser`, …), never a row.
pub mod api_token;
pub mod conversation;
mod handle;
pub mod message;
pub mod session;
pub mod task;
pub mod task_stats;
pub mod user;

pub use handle::Db;
