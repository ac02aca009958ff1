//! The integration tests, as one binary (one link of the whole app instead of one per file).
//! `helpers` holds what they share: throwaway databases and the real application on a free port.
mod helpers;

mod assistant;
mod auth;
mod chat;
mod dashboard;
mod llm;
mod mcp;
mod schema;
mod server;
mod tasks;
