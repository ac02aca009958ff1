//! The taskpilot server: configuration, database, router. `main.rs` only wires these together.
pub mod config;
pub mod database;
pub mod security;
pub mod startup;
pub mod telemetry;
