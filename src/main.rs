use std::process::ExitCode;

use clap::Parser;
use taskpilot::config::Settings;
use taskpilot::startup::Application;
use taskpilot::telemetry;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a broken one is worth a word.
    if let Err(err) = dotenvy::dotenv() {
        if !err.not_found() {
            eprintln!("taskpilot: ignoring .env: {err}");
        }
    }
    let settings = Settings::parse();
    telemetry::init(&settings.log_level);
    let app_url = settings.app_url.clone();
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(err) => {
            tracing::error!("{err}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(port = app.port(), %app_url, "taskpilot is listening");
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("the server stopped: {err}");
            ExitCode::FAILURE
        }
    }
}
