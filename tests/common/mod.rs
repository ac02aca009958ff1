//! Test helpers: a throwaway database per test (an SQLite file, or a fresh PostgreSQL database on
//! the machine's server that is dropped afterwards) and the real application on a free port.
#![allow(dead_code)]

use std::time::Duration;

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

pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub url: String,
    pub engine: Engine,
    _dir: Option<tempfile::TempDir>,
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
                    engine,
                    _dir: Some(dir),
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
                    engine,
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
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
    pub state: app::state::AppState,
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

    /// Signs up and returns the session cookie ("taskpilot=…").
    pub async fn signup(&self, name: &str, email: &str, password: &str) -> String {
        let response = self
            .post_as(
                None,
                "/api/signup",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", password),
                    ("password_confirm", password),
                    ("timezone", "Europe/Paris"),
                ],
            )
            .await;
        assert!(
            response.status().is_success(),
            "signup answered {}",
            response.status()
        );
        session_cookie(&response).expect("signup sets a session cookie")
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

/// The events of a streamed `/api/chat_send` answer: one JSON object per line.
pub fn chat_events(body: &str) -> Vec<serde_json::Value> {
    body.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}
