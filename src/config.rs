//! Configuration from the environment (and an optional `.env`), with `taskpilot --help` listing
//! every setting and its default. Database URLs are parsed here, once, into typed targets.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use app::chat::llm::LlmSettings;
use clap::Parser;
use percent_encoding::percent_decode_str;
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use url::Url;

#[derive(Parser, Clone)]
#[command(
    name = "taskpilot",
    version,
    about = "taskpilot: a task manager with an assistant in a chat pane.",
    long_about = "taskpilot: a task manager with an assistant in a chat pane.\n\n\
        Every setting can be given as a flag or as an environment variable (also read from a \
        `.env` file in the working directory)."
)]
pub struct Settings {
    /// Database: postgres://… or postgresql://… (as hosted providers hand them out), or
    /// sqlite://path. The default is an SQLite file under ./data/, created on first run.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/taskpilot.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Most database connections the server holds open.
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 5)]
    pub database_pool_size: u32,

    /// Address and port the server listens on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:3000")]
    pub listen_addr: SocketAddr,

    /// Public origin of the app (scheme://host[:port]); used for cookies and origin checks.
    #[arg(long, env = "APP_URL", default_value = "http://127.0.0.1:3000")]
    pub app_url: Url,

    /// Log filter: a level (error, warn, info, debug, trace) or a tracing directive list.
    #[arg(long, env = "LOG_LEVEL", default_value = "info")]
    pub log_level: String,

    /// Days a session stays signed in without being used.
    #[arg(long, env = "SESSION_IDLE_DAYS", default_value_t = 14)]
    pub session_idle_days: u32,

    /// Days after which a session ends however much it is used.
    #[arg(long, env = "SESSION_MAX_DAYS", default_value_t = 30)]
    pub session_max_days: u32,

    /// Login and sign-up attempts allowed per client address per minute.
    #[arg(long, env = "AUTH_ATTEMPTS_PER_MINUTE", default_value_t = 10)]
    pub auth_attempts_per_minute: u32,

    /// Failed logins after which an account is locked for LOGIN_LOCK_MINUTES.
    #[arg(long, env = "LOGIN_FAILURES_BEFORE_LOCK", default_value_t = 5)]
    pub login_failures_before_lock: u32,

    /// Largest request body (forms, server functions, MCP calls) in KB; larger ones get a 413.
    #[arg(long, env = "MAX_BODY_KB", default_value_t = 64)]
    pub max_body_kb: u32,

    /// Seconds a client may take to send a request's headers, and again its body; a slower or
    /// stalled one is cut off (408 for a body). Answers, streamed chat replies included, are not
    /// limited by this.
    #[arg(long, env = "READ_TIMEOUT_SECS", default_value_t = 20)]
    pub read_timeout_secs: u32,

    /// Minutes an account stays locked after too many failed logins.
    #[arg(long, env = "LOGIN_LOCK_MINUTES", default_value_t = 15)]
    pub login_lock_minutes: u32,

    /// Folder with the built browser files (cargo-leptos writes them to target/site).
    #[arg(long, env = "SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Base URL of an OpenAI-compatible chat-completions API with tool calling, for the chat:
    /// e.g. https://api.openai.com/v1, https://generativelanguage.googleapis.com/v1beta/openai
    /// (Gemini), http://localhost:11434/v1 (Ollama). With LLM_API_KEY and LLM_MODEL also set the
    /// chat uses that model; without all three the built-in assistant answers (if only some are
    /// set, the server says so at start-up and uses the built-in assistant).
    #[arg(long, env = "LLM_BASE_URL")]
    pub llm_base_url: Option<String>,

    /// API key for LLM_BASE_URL (sent as a bearer token; any text for servers that need none,
    /// like Ollama). Never logged.
    #[arg(long, env = "LLM_API_KEY", hide_env_values = true)]
    pub llm_api_key: Option<String>,

    /// Model name at LLM_BASE_URL, e.g. gpt-4o-mini, gemini-2.5-flash or llama3.1.
    #[arg(long, env = "LLM_MODEL")]
    pub llm_model: Option<String>,

    /// Seconds one request to the language model may take in all; then the built-in assistant
    /// answers instead.
    #[arg(long, env = "LLM_TIMEOUT_SECS", default_value_t = 60)]
    pub llm_timeout_secs: u64,

    /// Seconds to wait for the language model to start answering, or to send more of an answer
    /// it started, before the built-in assistant answers instead.
    #[arg(long, env = "LLM_STALL_SECS", default_value_t = 20)]
    pub llm_stall_secs: u64,
}

/// What the LLM settings amount to.
#[derive(Debug)]
pub enum LlmConfig {
    /// None of the three is set: the built-in assistant answers.
    Off,
    /// Some but not all are set: a warning, and the built-in assistant answers.
    Incomplete(String),
    On(LlmSettings),
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone)]
pub enum DatabaseTarget {
    Sqlite { path: PathBuf },
    Postgres(Box<PostgresTarget>),
}

#[derive(Debug, Clone)]
pub struct PostgresTarget {
    pub host: String,
    pub port: u16,
    pub user: String,
    /// Percent-decoded; never logged (`describe` leaves it out).
    pub password: Option<String>,
    pub database: String,
    pub ssl_mode: PgSslMode,
    /// Behind PgBouncer in transaction mode prepared statements cannot be cached.
    pub pgbouncer: bool,
    pub connect: PgConnectOptions,
}

/// A start-up problem the user must fix, said in one sentence.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// A `DATABASE_URL` parsed, plus warnings to log once at start-up.
#[derive(Debug)]
pub struct ParsedDatabaseUrl {
    pub target: DatabaseTarget,
    pub warnings: Vec<String>,
}

const SSL_MODES: &str = "disable, allow, prefer, require, verify-ca or verify-full";

pub fn parse_database_url(raw: &str) -> Result<ParsedDatabaseUrl, ConfigError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ConfigError(
            "DATABASE_URL is empty: unset it to use SQLite, or give a postgres:// URL.".into(),
        ));
    }
    if let Some(rest) = raw.strip_prefix("sqlite:") {
        return parse_sqlite(rest);
    }
    let scheme = raw.split(':').next().unwrap_or_default();
    if scheme != "postgres" && scheme != "postgresql" {
        return Err(ConfigError(format!(
            "DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (it starts with \"{}:\").",
            scheme.chars().take(20).collect::<String>()
        )));
    }
    parse_postgres(raw)
}

fn parse_sqlite(rest: &str) -> Result<ParsedDatabaseUrl, ConfigError> {
    // sqlite://relative/path, sqlite:///absolute/path and sqlite:path all name a file.
    let path = rest.strip_prefix("//").unwrap_or(rest);
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(ConfigError(
            "DATABASE_URL names no SQLite file: use sqlite://data/taskpilot.db or similar.".into(),
        ));
    }
    Ok(ParsedDatabaseUrl {
        target: DatabaseTarget::Sqlite {
            path: PathBuf::from(path),
        },
        warnings: Vec::new(),
    })
}

fn decode(part: &str, what: &str) -> Result<String, ConfigError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            ConfigError(format!(
                "The {what} in DATABASE_URL is not valid UTF-8 after percent-decoding."
            ))
        })
}

fn parse_postgres(raw: &str) -> Result<ParsedDatabaseUrl, ConfigError> {
    // Never echo the URL: it may hold a password.
    let url = Url::parse(raw).map_err(|e| {
        ConfigError(format!(
            "DATABASE_URL is not a valid PostgreSQL URL ({e}); expected postgres://user:password@host:port/database."
        ))
    })?;
    let mut warnings = Vec::new();
    let mut ssl_mode = PgSslMode::Prefer;
    let mut channel_binding_required = false;
    let mut pgbouncer = false;
    let mut host_param = None;
    let mut port_param = None;
    // Parameters passed on to the driver unchanged.
    let mut passthrough = url.clone();
    passthrough.set_query(None);
    {
        let mut pairs = passthrough.query_pairs_mut();
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "sslmode" | "ssl-mode" => {
                    ssl_mode = PgSslMode::from_str(&value).map_err(|_| {
                        ConfigError(format!(
                            "DATABASE_URL has sslmode={value}, which is not a PostgreSQL sslmode; use {SSL_MODES}."
                        ))
                    })?;
                    pairs.append_pair("sslmode", &value);
                }
                "channel_binding" => match value.as_ref() {
                    "require" => channel_binding_required = true,
                    "prefer" | "disable" => {}
                    other => {
                        return Err(ConfigError(format!(
                        "DATABASE_URL has channel_binding={other}; use require, prefer or disable."
                    )))
                    }
                },
                "pgbouncer" => pgbouncer = value == "true" || value == "1",
                "connect_timeout" | "target_session_attrs" | "gssencmode" | "keepalives" => {
                    warnings.push(format!(
                        "DATABASE_URL parameter {key}={value} is not supported by the database driver and is ignored."
                    ));
                }
                "host" => {
                    host_param = Some(value.to_string());
                    pairs.append_pair(&key, &value);
                }
                "port" => {
                    port_param = Some(value.parse::<u16>().map_err(|_| {
                        ConfigError(format!(
                            "DATABASE_URL has port={value}, which is not a port number."
                        ))
                    })?);
                    pairs.append_pair(&key, &value);
                }
                "sslrootcert"
                | "sslcert"
                | "sslkey"
                | "options"
                | "application_name"
                | "dbname"
                | "user"
                | "password"
                | "hostaddr"
                | "statement-cache-capacity" => {
                    pairs.append_pair(&key, &value);
                }
                k if k.starts_with("options[") => {
                    pairs.append_pair(&key, &value);
                }
                other => warnings.push(format!(
                    "DATABASE_URL parameter \"{other}\" is unknown and is ignored."
                )),
            }
        }
    }
    if passthrough.query() == Some("") {
        passthrough.set_query(None);
    }
    if channel_binding_required {
        warnings.push(channel_binding_warning(ssl_mode));
    }

    let host = host_param
        .or_else(|| url.host_str().map(str::to_owned))
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            ConfigError(
                "DATABASE_URL names no host: expected postgres://user:password@host:port/database."
                    .into(),
            )
        })?;
    let user = decode(url.username(), "user name")?;
    let password = url.password().map(|p| decode(p, "password")).transpose()?;
    let database = decode(url.path().trim_start_matches('/'), "database name")?;

    let mut connect = PgConnectOptions::from_str(passthrough.as_str())
        .map_err(|e| ConfigError(format!("DATABASE_URL could not be used: {e}.")))?;
    if let Some(password) = &password {
        connect = connect.password(password);
    }
    if pgbouncer {
        connect = connect.statement_cache_capacity(0);
    }
    Ok(ParsedDatabaseUrl {
        target: DatabaseTarget::Postgres(Box::new(PostgresTarget {
            port: port_param.or(url.port()).unwrap_or(5432),
            host,
            user,
            password,
            database,
            ssl_mode,
            pgbouncer,
            connect,
        })),
        warnings,
    })
}

/// Neon and others add channel_binding=require; sqlx cannot do channel binding. Say what
/// protection is in effect instead of refusing to start.
fn channel_binding_warning(ssl_mode: PgSslMode) -> String {
    let protection = match ssl_mode {
        PgSslMode::VerifyFull => {
            "TLS with the server certificate and host name verified (sslmode=verify-full)"
        }
        PgSslMode::VerifyCa => "TLS with the server certificate verified (sslmode=verify-ca)",
        PgSslMode::Require => "TLS encryption without certificate verification (sslmode=require)",
        PgSslMode::Prefer | PgSslMode::Allow => {
            "TLS if the server offers it, without certificate verification"
        }
        PgSslMode::Disable => "no encryption (sslmode=disable)",
    };
    format!(
        "DATABASE_URL asks for channel_binding=require, which the database driver cannot do; \
         connecting with {protection} instead. For certificate verification use sslmode=verify-full."
    )
}

impl DatabaseTarget {
    /// A description safe to log: never the password.
    pub fn describe(&self) -> String {
        match self {
            DatabaseTarget::Sqlite { path } => format!("SQLite file {}", path.display()),
            DatabaseTarget::Postgres(pg) => format!(
                "PostgreSQL database \"{}\" on {}:{} as \"{}\" (sslmode={})",
                pg.database,
                pg.host,
                pg.port,
                pg.user,
                ssl_mode_name(pg.ssl_mode)
            ),
        }
    }
}

fn ssl_mode_name(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

impl Settings {
    /// Cookies get `Secure` and the `__Host-` prefix when the app is served over https.
    pub fn https(&self) -> bool {
        self.app_url.scheme() == "https"
    }

    /// How long a client may take to send a request's headers, and again its body.
    pub fn read_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.read_timeout_secs.into())
    }

    /// Settings for tests and tools: defaults everywhere, this database, any free port.
    pub fn for_database(database_url: &str) -> Self {
        Settings {
            database_url: database_url.to_owned(),
            database_pool_size: 5,
            listen_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            app_url: Url::parse("http://127.0.0.1:3000").expect("a valid literal URL"),
            log_level: "info".into(),
            site_root: "target/site".into(),
            session_idle_days: 14,
            session_max_days: 30,
            auth_attempts_per_minute: 10,
            login_failures_before_lock: 5,
            login_lock_minutes: 15,
            max_body_kb: 64,
            read_timeout_secs: 20,
            llm_base_url: None,
            llm_api_key: None,
            llm_model: None,
            llm_timeout_secs: 60,
            llm_stall_secs: 20,
        }
    }

    /// The language model for the chat, if LLM_BASE_URL, LLM_API_KEY and LLM_MODEL are all set
    /// (blank counts as unset). An incomplete set is not fatal: the app works without a model.
    pub fn llm(&self) -> LlmConfig {
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let values = [
            ("LLM_BASE_URL", given(&self.llm_base_url)),
            ("LLM_API_KEY", given(&self.llm_api_key)),
            ("LLM_MODEL", given(&self.llm_model)),
        ];
        let missing: Vec<&str> = values
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        match (&values, missing.len()) {
            ([(_, Some(base_url)), (_, Some(api_key)), (_, Some(model))], 0) => {
                LlmConfig::On(LlmSettings {
                    base_url: base_url.clone(),
                    api_key: api_key.clone(),
                    model: model.clone(),
                    timeout: Duration::from_secs(self.llm_timeout_secs),
                    stall: Duration::from_secs(self.llm_stall_secs),
                })
            }
            (_, 3) => LlmConfig::Off,
            _ => LlmConfig::Incomplete(format!(
                "The chat uses the built-in assistant because {} {} not set: set LLM_BASE_URL, \
                 LLM_API_KEY and LLM_MODEL together to use a language model.",
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" }
            )),
        }
    }

    /// APP_URL must be an origin that browsers can send back to us.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.app_url.scheme(), "http" | "https") || self.app_url.host().is_none() {
            return Err(ConfigError(format!(
                "APP_URL must be an http:// or https:// origin such as https://tasks.example.com (got \"{}\").",
                self.app_url
            )));
        }
        if self.session_idle_days == 0 || self.session_max_days < self.session_idle_days {
            return Err(ConfigError(
                "SESSION_IDLE_DAYS must be at least 1 and SESSION_MAX_DAYS at least as large."
                    .into(),
            ));
        }
        if self.max_body_kb == 0 {
            return Err(ConfigError("MAX_BODY_KB must be at least 1.".into()));
        }
        if self.read_timeout_secs == 0 {
            return Err(ConfigError("READ_TIMEOUT_SECS must be at least 1.".into()));
        }
        if self.auth_attempts_per_minute == 0 || self.login_failures_before_lock == 0 {
            return Err(ConfigError(
                "AUTH_ATTEMPTS_PER_MINUTE and LOGIN_FAILURES_BEFORE_LOCK must be at least 1."
                    .into(),
            ));
        }
        if self.llm_timeout_secs == 0 || self.llm_stall_secs == 0 {
            return Err(ConfigError(
                "LLM_TIMEOUT_SECS and LLM_STALL_SECS must be at least 1.".into(),
            ));
        }
        if self.database_pool_size == 0 {
            return Err(ConfigError("DATABASE_POOL_SIZE must be at least 1.".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_pg(raw: &str) -> (PostgresTarget, Vec<String>) {
        match parse_database_url(raw) {
            Ok(ParsedDatabaseUrl {
                target: DatabaseTarget::Postgres(pg),
                warnings,
            }) => (*pg, warnings),
            other => panic!("expected a PostgreSQL target for {raw}, got {other:?}"),
        }
    }

    #[test]
    fn neon_url_with_channel_binding_starts_with_one_warning() {
        let (pg, warnings) = parse_pg("postgresql://alex:AbC123dEf@ep-cool-darkness-123456.us-east-2.aws.neon.tech/dbname?sslmode=require&channel_binding=require");
        assert_eq!(pg.host, "ep-cool-darkness-123456.us-east-2.aws.neon.tech");
        assert_eq!(pg.port, 5432);
        assert_eq!(pg.user, "alex");
        assert_eq!(pg.password.as_deref(), Some("AbC123dEf"));
        assert_eq!(pg.database, "dbname");
        assert!(matches!(pg.ssl_mode, PgSslMode::Require));
        assert!(matches!(pg.connect.get_ssl_mode(), PgSslMode::Require));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("channel_binding=require"));
        assert!(warnings[0].contains("sslmode=verify-full"));
        assert!(warnings[0].contains("without certificate verification"));
        assert!(!warnings[0].contains("AbC123dEf"));
    }

    #[test]
    fn percent_encoded_passwords_are_decoded() {
        let (pg, warnings) = parse_pg(
            "postgres://app%40prod:p%40ss%3Aw%2Frd%25%20x@db.example.com:6543/tasks%2Dprod",
        );
        assert_eq!(pg.user, "app@prod");
        assert_eq!(pg.password.as_deref(), Some("p@ss:w/rd% x"));
        assert_eq!(pg.port, 6543);
        assert_eq!(pg.database, "tasks-prod");
        assert_eq!(pg.connect.get_username(), "app@prod");
        assert_eq!(pg.connect.get_port(), 6543);
        assert!(warnings.is_empty());
    }

    #[test]
    fn both_schemes_and_options_are_accepted() {
        let (pg, _) = parse_pg(
            "postgres://u@localhost/db?options=-c%20search_path%3Dtasks&application_name=tp",
        );
        assert_eq!(pg.connect.get_options(), Some("-c search_path=tasks"));
        assert_eq!(pg.connect.get_application_name(), Some("tp"));
        let (pg, _) = parse_pg("postgresql://u@localhost/db");
        assert_eq!(pg.database, "db");
        assert!(matches!(pg.ssl_mode, PgSslMode::Prefer));
    }

    #[test]
    fn pgbouncer_disables_statement_cache_and_unknown_parameters_warn() {
        let (pg, warnings) = parse_pg("postgres://u:p@pooler.example.com:6543/postgres?pgbouncer=true&connect_timeout=10&fancy=1");
        assert!(pg.pgbouncer);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("connect_timeout")));
        assert!(warnings.iter().any(|w| w.contains("\"fancy\"")));
    }

    #[test]
    fn unknown_sslmode_is_one_plain_sentence() {
        let err = parse_database_url("postgres://u:secret@h/db?sslmode=required").unwrap_err();
        assert_eq!(
            err.0,
            "DATABASE_URL has sslmode=required, which is not a PostgreSQL sslmode; use disable, allow, prefer, require, verify-ca or verify-full."
        );
        assert!(!err.0.contains("secret"));
    }

    #[test]
    fn malformed_urls_are_refused_without_echoing_secrets() {
        for raw in [
            "postgres://user:secret@:5432/db",
            "postgres://user:secret@host:notaport/db",
            "mysql://user:secret@host/db",
            "postgres://user:secret@host/db?channel_binding=always",
            "",
            "sqlite://",
        ] {
            let err = parse_database_url(raw).expect_err(raw);
            assert!(!err.0.contains("secret"), "{raw}: {}", err.0);
            assert!(err.0.ends_with('.'), "{raw}: {}", err.0);
            assert!(err.0.contains("DATABASE_URL"), "{raw}: {}", err.0);
        }
    }

    #[test]
    fn sqlite_urls_name_a_file() {
        for (raw, path) in [
            ("sqlite://data/taskpilot.db", "data/taskpilot.db"),
            ("sqlite:///tmp/x.db", "/tmp/x.db"),
            ("sqlite:tasks.db?mode=rwc", "tasks.db"),
        ] {
            match parse_database_url(raw).unwrap().target {
                DatabaseTarget::Sqlite { path: p } => assert_eq!(p, PathBuf::from(path)),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn describe_never_shows_the_password() {
        let parsed =
            parse_database_url("postgres://u:hunter2@h:5432/db?sslmode=verify-full").unwrap();
        let text = parsed.target.describe();
        assert!(!text.contains("hunter2"));
        assert!(text.contains("sslmode=verify-full"));
    }

    #[test]
    fn defaults_come_from_help_and_env() {
        let settings = Settings::try_parse_from(["taskpilot"]).unwrap();
        assert_eq!(settings.listen_addr.to_string(), "127.0.0.1:3000");
        let help = <Settings as clap::CommandFactory>::command()
            .render_long_help()
            .to_string();
        for setting in [
            "DATABASE_URL",
            "DATABASE_POOL_SIZE",
            "LISTEN_ADDR",
            "APP_URL",
            "LOG_LEVEL",
            "SITE_ROOT",
        ] {
            assert!(help.contains(setting), "--help lacks {setting}");
        }
    }

    #[test]
    fn llm_settings_are_all_or_nothing() {
        let mut settings = Settings::for_database("sqlite://x.db");
        assert!(matches!(settings.llm(), LlmConfig::Off));
        settings.llm_base_url = Some("https://api.openai.com/v1".into());
        settings.llm_api_key = Some("sk-secret".into());
        match settings.llm() {
            LlmConfig::Incomplete(warning) => {
                assert!(warning.contains("LLM_MODEL is not set"), "{warning}");
                assert!(!warning.contains("sk-secret"));
            }
            other => panic!("{other:?}"),
        }
        settings.llm_model = Some("gpt-4o-mini".into());
        settings.llm_api_key = Some("  ".into());
        assert!(matches!(settings.llm(), LlmConfig::Incomplete(_)));
        settings.llm_api_key = Some("sk-secret".into());
        match settings.llm() {
            LlmConfig::On(llm) => {
                assert_eq!(llm.model, "gpt-4o-mini");
                assert_eq!(llm.timeout, Duration::from_secs(60));
            }
            other => panic!("{other:?}"),
        }
        let help = <Settings as clap::CommandFactory>::command()
            .render_long_help()
            .to_string();
        for setting in [
            "LLM_BASE_URL",
            "LLM_API_KEY",
            "LLM_MODEL",
            "LLM_TIMEOUT_SECS",
            "LLM_STALL_SECS",
        ] {
            assert!(help.contains(setting), "--help lacks {setting}");
        }
    }

    #[test]
    fn app_url_must_be_an_http_origin() {
        let mut settings = Settings::for_database("sqlite://x.db");
        settings.app_url = Url::parse("ftp://example.com").unwrap();
        assert!(settings.validate().is_err());
        settings.app_url = Url::parse("https://tasks.example.com").unwrap();
        assert!(settings.validate().is_ok());
    }
}
