//! The taskpilot server: configuration, database, router. `main.rs` only wires these together.
pub mod config;
pub mod database;
pub mod security;
pub mod startup;
pub mod telemetry;

// mimalloc instead of glibc's malloc for every binary built on this crate (server, tests,
// benches): rendering a page makes many short-lived allocations across threads, where glibc spent
// half the CPU time of a 200-task `/tasks` page in malloc_consolidate and _int_free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
