//! Entities of every table. The model structs travel to the browser (serde always); the SeaORM
//! derives and the connection handle exist only on the server (`ssr`).
pub mod api_token;
pub mod conversation;
pub mod message;
pub mod session;
pub mod task;
#[cfg(feature = "ssr")]
pub mod task_stats;
pub mod user;

#[cfg(feature = "ssr")]
mod handle;
#[cfg(feature = "ssr")]
pub use handle::Db;
