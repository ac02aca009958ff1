//! Test helpers: a throwaway database per test (an SQLite file, or a fresh PostgreSQL database on
//! the machine's server that is dropped afterwards) and the real application on a free port.
//!
//! The benches use this file too (`#[path = "../tests/api/helpers.rs"] mod helpers;`), so it
//! depends only on what they can use as well.

use std::time::Duration;

use app::error::AppError;
use app::tasks::validate::{PatchDraft, TaskDraft};
use app::tasks::Task;
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use taskpilot::config::Settings;
use taskpilot::startup::Application;

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn name(engine: Engine)` as two tests, `name::sqlite` and
/// `name::postgres`, so that one engine's failure does not hide the other's result.
macro_rules! on_both_engines {
    ($($test:ident),+ $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test($crate::helpers::Engine::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                super::$test($crate::helpers::Engine::Postgres).await
            }
        }
    )+};
}
pub(crate) use on_both_engines;

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub url: String,
    dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(engine: Engine) -> TestDb {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}/taskpilot.db", dir.path().display());
                TestDb {
                    url,
                    dir: Some(dir),
                    pg_name: None,
                }
            }
            Engine::Postgres => {
                let name = format!("taskpilot_test_{}", uuid::Uuid::new_v4().simple());
                let admin = admin_connection().await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create a throwaway PostgreSQL database");
                TestDb {
                    url: database_url_for(&name),
                    dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }

    /// Keeps an SQLite database's folder after the run (to read it with `sqlite3`); returns it.
    #[allow(dead_code)] // for the benches
    pub fn keep(&mut self) -> Option<&std::path::Path> {
        let dir = self.dir.as_mut()?;
        dir.disable_cleanup(true);
        Some(dir.path())
    }
}

pub fn database_url_for(name: &str) -> String {
    let admin = postgres_admin_url();
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

async fn admin_connection() -> DatabaseConnection {
    Database::connect(postgres_admin_url()).await.expect(
        "PostgreSQL answers at TEST_DATABASE_URL or 127.0.0.1:5432 (the test command starts it)",
    )
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs outside any async context we can await in: use a small runtime on a thread.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for cleanup");
            runtime.block_on(async move {
                let admin = admin_connection().await;
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            });
        })
        .join();
    }
}

/// The real application, listening on a free port.
pub struct TestApp {
    pub address: String,
    pub app_db: app::db::Db,
    pub state: taskpilot::startup::AppState,
    pub client: reqwest::Client,
    /// No cookie jar: for requests that carry an explicit cookie (or none).
    pub bare: reqwest::Client,
}

impl TestApp {
    pub async fn spawn(settings: Settings) -> TestApp {
        taskpilot::telemetry::init("warn");
        let application = Application::build(settings)
            .await
            .expect("the application builds");
        let address = format!("http://127.0.0.1:{}", application.port());
        let app_db = application.db();
        let state = application.state();
        tokio::spawn(application.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .timeout(Duration::from_secs(15))
            .build()
            .expect("an HTTP client");
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .expect("an HTTP client");
        TestApp {
            address,
            app_db,
            state,
            client,
            bare,
        }
    }

    pub async fn spawn_on(db: &TestDb) -> TestApp {
        let app = TestApp::spawn(Settings::for_database(&db.url)).await;
        app.wait_until_ready().await;
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// Calls a server function the way a plain HTML form does.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Origin", "http://127.0.0.1:3000")
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// Loads a page with exactly this session cookie (or none), as a browser tab holding it would.
    pub async fn get_as(&self, cookie: Option<&str>, path: &str) -> reqwest::Response {
        let mut request = self.bare.get(self.url(path)).header("Accept", "text/html");
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        request.send().await.expect("the server answers")
    }

    /// Posts a form with exactly this session cookie (or none), as a browser tab holding it would.
    pub async fn post_as(
        &self,
        cookie: Option<&str>,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .bare
            .post(self.url(path))
            .header("Origin", "http://127.0.0.1:3000")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        request.send().await.expect("the server answers")
    }

    /// Who `cookie` is signed in as, by email (None when signed out).
    pub async fn whoami(&self, cookie: Option<&str>) -> Option<String> {
        let response = self.post_as(cookie, "/api/me", &[]).await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.expect("JSON");
        body["email"].as_str().map(str::to_owned)
    }

    /// Signs up (in Europe/Paris) and returns the session cookie ("taskpilot=…").
    pub async fn signup(&self, name: &str, email: &str, password: &str) -> String {
        self.signup_in(name, email, password, "Europe/Paris").await
    }

    /// Signs up with this timezone and returns the session cookie ("taskpilot=…").
    pub async fn signup_in(
        &self,
        name: &str,
        email: &str,
        password: &str,
        timezone: &str,
    ) -> String {
        signup_at(&self.bare, &self.address, name, email, password, timezone).await
    }

    /// A client like a signed-in browser's: its cookie jar holds `cookie`, and it follows
    /// redirects without a timeout of its own (what the benches measure with).
    #[allow(dead_code)] // for the benches
    pub fn signed_in_client(&self, cookie: &str) -> reqwest::Client {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        jar.add_cookie_str(
            cookie,
            &self.address.parse().expect("the app's address is a URL"),
        );
        reqwest::Client::builder()
            .cookie_provider(jar)
            .build()
            .expect("an HTTP client")
    }

    /// Logs in (optionally from a browser that already holds `cookie`); returns the new cookie.
    pub async fn login(
        &self,
        cookie: Option<&str>,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.post_as(
            cookie,
            "/api/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Polls /readyz until it answers 200 (fails the test after 30 s).
    pub async fn wait_until_ready(&self) {
        for _ in 0..300 {
            if self.get("/readyz").await.status() == 200 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server never became ready");
    }
}

/// Signs up at the server at `address` (this process's or another one's) with `client`, as a
/// plain HTML form does; returns the session cookie ("taskpilot=…").
pub async fn signup_at(
    client: &reqwest::Client,
    address: &str,
    name: &str,
    email: &str,
    password: &str,
    timezone: &str,
) -> String {
    let response = client
        .post(format!("{address}/api/signup"))
        .header("Origin", "http://127.0.0.1:3000")
        .form(&[
            ("name", name),
            ("email", email),
            ("password", password),
            ("password_confirm", password),
            ("timezone", timezone),
        ])
        .send()
        .await
        .expect("the server answers");
    assert!(
        response.status().is_success(),
        "signup answered {}",
        response.status()
    );
    session_cookie(&response).expect("signup sets a session cookie")
}

/// The server binary running as a process of its own on a free port, stopped when dropped: for
/// several servers on one database, or a client that must not share the server's runtime.
pub struct ServerProcess {
    pub address: String,
    _child: tokio::process::Child,
}

impl ServerProcess {
    /// Starts `taskpilot` on `database_url` with LOG_LEVEL=warn and the environment `env` added;
    /// does not wait for it (see `wait_until_ready`).
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_taskpilot"))
            .env("DATABASE_URL", database_url)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("LOG_LEVEL", "warn")
            .envs(env.iter().copied())
            .kill_on_drop(true)
            .spawn()
            .expect("the server binary starts");
        ServerProcess {
            address: format!("http://127.0.0.1:{port}"),
            _child: child,
        }
    }

    /// Polls /readyz until it answers 200, while the process may not listen yet (fails after 30 s).
    pub async fn wait_until_ready(&self) {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        let mut ready = false;
        for _ in 0..300 {
            if let Ok(r) = client.get(format!("{}/readyz", self.address)).send().await {
                if r.status() == 200 {
                    ready = true;
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "{} never became ready", self.address);
    }
}

/// The "name=value" of the session cookie a response sets, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("taskpilot="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// A user without a password hash worth anything: the chat service never signs in.
pub async fn make_user(db: &sea_orm::DatabaseConnection, name: &str) -> uuid::Uuid {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let id = uuid::Uuid::new_v4();
    app::db::user::ActiveModel {
        id: Set(id),
        email: Set(format!("{}-{id}@example.com", name.to_lowercase())),
        name: Set(name.into()),
        password_hash: Set("-".into()),
        timezone: Set("UTC".into()),
        task_counter: Set(0),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(db)
    .await
    .expect("a user row");
    id
}

/// Adds a task as the server functions and tools do: the draft parsed, then stored.
pub async fn create_task(
    db: &DatabaseConnection,
    user_id: uuid::Uuid,
    draft: TaskDraft,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    app::tasks::service::create(db, user_id, draft.parse()?, now).await
}

/// Changes a task as the server functions and tools do: the change parsed, then applied.
pub async fn update_task(
    db: &DatabaseConnection,
    user_id: uuid::Uuid,
    id: uuid::Uuid,
    patch: PatchDraft,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    app::tasks::service::update(db, user_id, id, patch.parse()?, now).await
}

/// The events of a streamed `/api/chat_send` answer: one JSON object per line.
pub fn chat_events(body: &str) -> Vec<serde_json::Value> {
    body.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}
