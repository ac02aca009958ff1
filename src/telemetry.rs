//! Logging: human-readable lines on stderr, filtered by LOG_LEVEL.
use tracing_subscriber::EnvFilter;

pub fn init(log_level: &str) {
    let filter = EnvFilter::try_new(log_level).unwrap_or_else(|_| {
        eprintln!("LOG_LEVEL \"{log_level}\" is not a valid filter; using \"info\".");
        EnvFilter::new("info")
    });
    // A second init (tests start several apps in one process) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
