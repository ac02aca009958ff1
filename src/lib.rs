//! The taskpilot server: configuration, database, router. `main.rs` only wires these together.
pub mod config;
pub mod database;
pub mod security;
pub mod serve;
pub mod startup;
pub mod telemetry;

// mimalloc for every binary built on this crate (server, tests, benches): pages allocate much
// across threads, where glibc's malloc was slow (BENCHMARKS.md, tasks step 4).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
