//! Builds the whole application: config → database pool (+ background migrations) → router →
//! listener. `main` and the integration tests both start the server through `Application::build`.
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::auth::rate_limit::LimitSettings;
use app::auth::service::{AuthSettings, AuthState};
use app::auth::session_store::{keep_alive, purge_forever, DbSessionStore};
use app::chat::builtin::BuiltinAgent;
use app::chat::llm::LlmAgent;
use app::chat::ChatAgent;
use app::db::Db;
use app::mcp::server::McpUrl;
use app::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::get;
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, AxumRouteListing, LeptosRoutes,
};
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::Level;

use crate::config::{parse_database_url, ConfigError, LlmConfig, Settings};
use crate::database;
use crate::security::{
    read_body_within_limits, refuse_cross_site, with_security_headers, BodyLimits, OriginPolicy,
};

const DAY: Duration = Duration::from_secs(24 * 3600);

/// What the server holds for every request. Pages and server functions get each part as its own
/// Leptos context (`Db::from_context()`, …); plain routes take the part they need as axum state.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub auth: AuthState,
    /// Chosen once at start-up from the LLM settings.
    pub agent: ChatAgent,
    pub leptos_options: LeptosOptions,
    /// APP_URL without a trailing slash, e.g. "https://tasks.example.com".
    pub app_url: String,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// How long a client may take to send its headers (hyper's header read timeout).
    read_timeout: Duration,
}

impl Application {
    /// Everything that can be wrong with the configuration is reported here, in one sentence,
    /// before anything listens. An unreachable database is not an error: it is retried.
    pub async fn build(settings: Settings) -> Result<Self, ConfigError> {
        settings.validate()?;
        let agent = chat_agent(&settings)?;
        let parsed = parse_database_url(&settings.database_url)?;
        for warning in &parsed.warnings {
            tracing::warn!("{warning}");
        }
        let description = parsed.target.describe();
        database::prepare(&parsed.target).await.map_err(|e| {
            ConfigError(format!(
                "Could not create the folder for the database ({description}): {e}."
            ))
        })?;
        let db = Db::new(database::lazy_pool(
            &parsed.target,
            settings.database_pool_size,
        ));
        tokio::spawn(database::migrate_until_ready(
            db.clone(),
            description.clone(),
        ));
        tracing::info!(database = %description, "using the database");

        let listener = TcpListener::bind(settings.listen_addr).await.map_err(|e| {
            ConfigError(format!(
                "Could not listen on {}: {e}.",
                settings.listen_addr
            ))
        })?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| ConfigError(format!("Could not read the listening address: {e}.")))?;

        let leptos_options = LeptosOptions::builder()
            .output_name("taskpilot")
            .site_root(settings.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .env(if cfg!(debug_assertions) {
                Env::DEV
            } else {
                Env::PROD
            })
            .build();
        let auth_settings = AuthSettings {
            idle_timeout: DAY * settings.session_idle_days,
            max_lifetime: DAY * settings.session_max_days,
            limits: LimitSettings {
                attempts_per_minute: settings.auth_attempts_per_minute,
                failures_before_lock: settings.login_failures_before_lock,
                lock_for: Duration::from_secs(60 * u64::from(settings.login_lock_minutes)),
            },
        };
        let auth = AuthState::new(auth_settings);
        let state = AppState {
            db,
            auth,
            agent,
            leptos_options,
            app_url: settings.app_url.as_str().trim_end_matches('/').to_owned(),
        };
        let router = router(state.clone(), &settings);
        Ok(Application {
            listener,
            router,
            state,
            read_timeout: settings.read_timeout(),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The database handle, for tests that need to look at what the server stored.
    pub fn db(&self) -> Db {
        self.state.db.clone()
    }

    /// The whole state, for tests that look inside (e.g. how many password checks ran).
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        crate::serve::serve(
            self.listener,
            self.router,
            self.read_timeout,
            shutdown_signal(),
        )
        .await
    }
}

/// The chat's agent, chosen once: the language model when LLM_BASE_URL, LLM_API_KEY and
/// LLM_MODEL are all set; else the built-in assistant (with a warning when only some are set).
/// A malformed LLM_BASE_URL stops the start with a sentence.
fn chat_agent(settings: &Settings) -> Result<ChatAgent, ConfigError> {
    match settings.llm() {
        LlmConfig::Off => {
            tracing::info!("chat: the built-in assistant answers (set LLM_BASE_URL, LLM_API_KEY and LLM_MODEL to use a language model)");
            Ok(ChatAgent::Builtin(BuiltinAgent))
        }
        LlmConfig::Incomplete(warning) => {
            tracing::warn!("{warning}");
            Ok(ChatAgent::Builtin(BuiltinAgent))
        }
        LlmConfig::On(llm) => {
            let agent = LlmAgent::new(llm).map_err(ConfigError)?;
            tracing::info!(model = %agent.describe(), "chat: using a language model");
            Ok(ChatAgent::Llm(Arc::new(agent)))
        }
    }
}

/// Sessions live in the database; the cookie is HttpOnly, SameSite=Lax, Path=/, and over https
/// also Secure with the `__Host-` prefix (which browsers bind to this exact origin).
fn session_layer(state: &AppState, settings: &Settings) -> SessionManagerLayer<DbSessionStore> {
    let store = DbSessionStore::new(state.db.clone(), state.auth.settings.max_lifetime);
    tokio::spawn(purge_forever(store.clone()));
    let idle = time::Duration::seconds(state.auth.settings.idle_timeout.as_secs() as i64);
    let https = settings.https();
    SessionManagerLayer::new(store)
        .with_name(if https {
            "__Host-taskpilot"
        } else {
            "taskpilot"
        })
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading switched off by a process-wide flag (in leptos_server), and a resource first polled
/// meanwhile never loads: a page then rendering in another server of the same process (the
/// tests run several at once) would stop mid-body for good (leptos-rs/leptos#4773).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState, settings: &Settings) -> Router {
    let routes = route_list();
    let context = {
        let (db, auth, agent) = (state.db.clone(), state.auth.clone(), state.agent.clone());
        let mcp_url = McpUrl::of_app(&state.app_url);
        move || {
            provide_context(db.clone());
            provide_context(auth.clone());
            provide_context(agent.clone());
            provide_context(mcp_url.clone());
        }
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let pages = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/tasks/export.json", get(app::tasks::export::export_json))
        .route("/tasks/export.csv", get(app::tasks::export::export_csv))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        // A 503 while the database is away is expected; it is worth a warning, not an error.
        .layer(middleware::from_fn(keep_alive))
        .layer(session_layer(&state, settings));
    // MCP sits beside the pages, outside the session layer: it knows only its bearer token. The
    // origin check still covers it (clients that send no Origin pass, as for any non-browser).
    let limits = BodyLimits {
        max_bytes: settings.max_body_kb as usize * 1024,
        read_timeout: settings.read_timeout(),
    };
    let routes = Router::new()
        .merge(app::mcp::server::routes(state.db.clone(), &state.app_url))
        .merge(pages)
        .layer(middleware::from_fn_with_state(
            limits,
            read_body_within_limits,
        ))
        .layer(middleware::from_fn_with_state(
            OriginPolicy::new(&settings.app_url),
            refuse_cross_site,
        ));
    with_security_headers(routes, settings.https())
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::WARN)))
        .with_state(state)
}

/// Alive: the process answers. Says nothing about the database.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers and is migrated.
async fn readyz(State(db): State<Db>) -> (StatusCode, &'static str) {
    if !db.is_ready() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database has not been reached and migrated yet",
        );
    }
    match tokio::time::timeout(Duration::from_secs(2), db.raw().ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database does not answer",
        ),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
