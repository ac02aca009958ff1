//! The real server over HTTP: health, readiness, pages, the typed server-function path, and what
//! happens when the database is away at start-up or goes away later.

use std::net::SocketAddr;

use crate::helpers::{database_url_for, on_both_engines, Engine, TestApp, TestDb};
use app::error::AppError;
use taskpilot::config::Settings;
use taskpilot::startup::Application;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

on_both_engines!(pages_health_and_status_work_on_both_engines);

async fn pages_health_and_status_work_on_both_engines(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);

    let home = app.get("/").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("System status"), "{engine:?}");
    let expected = match engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    };
    assert!(
        html.contains(expected),
        "{engine:?}: home page lacks the engine name"
    );
    assert!(
        html.contains("/pkg/taskpilot.js"),
        "hydration script missing"
    );

    // The server function answers its typed value as JSON.
    let status = app.post_form("/api/status", &[]).await;
    assert_eq!(status.status(), 200);
    let body: serde_json::Value = status.json().await.unwrap();
    assert_eq!(body["database"], expected);
    assert_eq!(body["migrations_applied"], 5);
}

#[tokio::test]
async fn unreadable_server_function_arguments_get_a_400_that_says_so() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    for form in [
        vec![("id", "not-a-uuid"), ("completed", "true")],
        vec![("completed", "true")],
    ] {
        let response = app.post_form("/api/tasks_toggle", &form).await;
        assert_eq!(response.status(), 400, "{form:?}");
        let error: AppError = response.json().await.expect("a typed AppError body");
        assert!(
            matches!(error, AppError::BadRequest(_)),
            "{form:?}: {error:?}"
        );
        assert!(error
            .to_string()
            .starts_with("The request could not be read"));
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_https_adds_hsts() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    for path in ["/login", "/healthz", "/no-such-page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert!(
            header("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(header("permissions-policy").contains("camera=()"), "{path}");
        // Over plain http a browser would ignore it, and a local install must not be pinned.
        assert!(headers.get("strict-transport-security").is_none(), "{path}");
    }
    let mut settings = Settings::for_database(&db.url);
    settings.app_url = url::Url::parse("https://tasks.example.com").unwrap();
    let https = TestApp::spawn(settings).await;
    let response = https.get("/healthz").await;
    let hsts = response.headers().get("strict-transport-security");
    assert_eq!(
        hsts.and_then(|v| v.to_str().ok()),
        Some("max-age=31536000; includeSubDomains")
    );
}

/// A page's scripts run only with this answer's nonce: every inline script on the page carries the
/// nonce its policy names, and the next answer gets another one.
#[tokio::test]
async fn a_page_allows_only_its_own_scripts_with_a_fresh_nonce() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let nonce_of = |policy: &str| -> String {
        let scripts = policy
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_else(|| panic!("no script-src in {policy}"));
        assert!(!scripts.contains("unsafe-inline"), "{scripts}");
        let start = scripts.find("'nonce-").expect("a nonce") + "'nonce-".len();
        scripts[start..].split('\'').next().unwrap().to_owned()
    };
    let mut nonces = Vec::new();
    for path in ["/auth/login", "/auth/login", "/no-such-page"] {
        let response = app.get(path).await;
        let policy = response
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let nonce = nonce_of(&policy);
        let html = response.text().await.unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "{path} has its hydration script");
        for script in scripts {
            let tag = &script[..script.find('>').unwrap_or(script.len())];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")) || tag.contains("type=\"application/"),
                "{path}: an inline script without this answer's nonce: <script{tag}>"
            );
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "each answer has its own nonce");
    // Answers that are not pages have no inline scripts and allow none.
    let response = app.get("/healthz").await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{policy}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_413_with_a_sentence_before_it_is_read() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let title = "x".repeat(70 * 1024);
    let response = app.post_form("/api/tasks_add", &[("title", &title)]).await;
    assert_eq!(response.status(), 413);
    let error: AppError = response.json().await.expect("a typed AppError body");
    assert_eq!(
        error.to_string(),
        "The request could not be read: it is larger than 64 KB, the most the server accepts at once."
    );
    // Under the limit the same server function answers as usual (here: not signed in).
    let response = app
        .post_form("/api/tasks_add", &[("title", "Buy milk")])
        .await;
    assert_ne!(response.status(), 413);

    let mut settings = Settings::for_database(&db.url);
    settings.max_body_kb = 100;
    let roomier = TestApp::spawn(settings).await;
    roomier.wait_until_ready().await;
    let response = roomier
        .post_form("/api/tasks_add", &[("title", &title)])
        .await;
    assert_ne!(response.status(), 413, "MAX_BODY_KB raises the limit");
}

#[tokio::test]
async fn unknown_pages_get_a_styled_404() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(html.contains("taskpilot.css"));
}

#[tokio::test]
async fn neon_style_url_with_channel_binding_starts_and_serves() {
    let db = TestDb::new(Engine::Postgres).await;
    // The machine's PostgreSQL offers TLS, so sslmode=require works as it does on Neon.
    let url = format!(
        "{}?sslmode=require&channel_binding=require",
        db.url.replacen("postgres://", "postgresql://", 1)
    );
    let app = TestApp::spawn(Settings::for_database(&url)).await;
    app.wait_until_ready().await;
    let status = app.post_form("/api/status", &[]).await;
    assert_eq!(status.status(), 200);
}

#[tokio::test]
async fn bad_configuration_stops_start_up_with_one_sentence() {
    for (url, expected) in [
        (
            "postgres://u:pw@host/db?sslmode=sometimes",
            "sslmode=sometimes",
        ),
        ("postgres://u:pw@:5432/db", "DATABASE_URL"),
        ("mongodb://u:pw@host/db", "must start with"),
    ] {
        let err = match Application::build(Settings::for_database(url)).await {
            Ok(_) => panic!("{url} was accepted"),
            Err(err) => err.to_string(),
        };
        assert!(err.contains(expected), "{url}: {err}");
        assert!(!err.contains("pw"), "{url}: the password leaked: {err}");
        assert_eq!(err.lines().count(), 1);
    }
}

/// A TCP proxy in front of the machine's PostgreSQL that the test can cut and restore, to play a
/// database that is away and comes back.
struct Proxy {
    addr: SocketAddr,
    tasks: Option<JoinSet<()>>,
}

impl Proxy {
    async fn reserve() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        Proxy { addr, tasks: None }
    }

    async fn start(&mut self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect("127.0.0.1:5432").await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        self.tasks = Some(tasks);
    }

    /// Closes the listener and every open connection.
    async fn stop(&mut self) {
        if let Some(mut tasks) = self.tasks.take() {
            tasks.shutdown().await;
        }
    }

    fn url(&self, database: &str) -> String {
        let mut url = url::Url::parse(&database_url_for(database)).unwrap();
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(self.addr.port())).unwrap();
        url.to_string()
    }
}

async fn status_error(app: &TestApp) -> (u16, AppError) {
    let response = app.post_form("/api/status", &[]).await;
    let code = response.status().as_u16();
    let error: AppError = response.json().await.expect("a typed AppError body");
    (code, error)
}

#[tokio::test]
async fn database_away_at_start_and_later_is_unavailable_then_recovers() {
    let db = TestDb::new(Engine::Postgres).await;
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    let mut proxy = Proxy::reserve().await;

    // Nothing listens yet: the server starts anyway, alive but not ready.
    let app = TestApp::spawn(Settings::for_database(&proxy.url(&name))).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(status_error(&app).await, (503, AppError::Unavailable));
    let home = app.get("/").await;
    assert_eq!(
        home.status(),
        200,
        "pages still render while the database is away"
    );
    assert!(home
        .text()
        .await
        .unwrap()
        .contains("temporarily unavailable"));

    // The database appears: the retry loop migrates and the server becomes ready by itself.
    proxy.start().await;
    app.wait_until_ready().await;
    assert_eq!(app.post_form("/api/status", &[]).await.status(), 200);

    // It goes away: requests get a clear error instead of hanging (the client gives up at 15 s).
    proxy.stop().await;
    assert_eq!(status_error(&app).await, (503, AppError::Unavailable));
    assert_eq!(app.get("/readyz").await.status(), 503);

    // And comes back: the pool reconnects with no restart.
    proxy.start().await;
    app.wait_until_ready().await;
    assert_eq!(app.post_form("/api/status", &[]).await.status(), 200);
}

/// Starting another server in the same process never stalls a page that one is rendering:
/// generating the route list switches resource loading off process-wide (leptos-rs/leptos#4773),
/// so the routes are generated once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_another_server_never_stalls_pages_being_rendered() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let url = app.url("/");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = JoinSet::new();
    for _ in 0..4 {
        let (url, stop) = (url.clone(), stop.clone());
        readers.spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(5))
                .build()
                .unwrap();
            let mut pages = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let page = client.get(&url).send().await.expect("the page starts");
                let body = page.text().await.expect("the page finishes within 5 s");
                assert!(body.contains("System status"));
                pages += 1;
            }
            pages
        });
    }
    for _ in 0..15 {
        let _other = TestApp::spawn(Settings::for_database(&db.url)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    while let Some(pages) = readers.join_next().await {
        assert!(pages.expect("a reader never stalls") > 0);
    }
}

/// Writes `request` on a raw connection and reads until the server answers or closes; returns the
/// answer (empty when it closed without one) and how long that took.
async fn raw_exchange(address: &str, request: &[u8]) -> (String, std::time::Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = address.trim_start_matches("http://");
    let mut tcp = TcpStream::connect(host).await.expect("the server listens");
    tcp.write_all(request).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tcp.read_to_end(&mut answer),
    )
    .await;
    assert!(
        read.is_ok(),
        "the server still held the connection after 10 s"
    );
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_stalled_body_or_stalled_headers_time_out_and_the_server_keeps_answering() {
    let db = TestDb::new(Engine::Sqlite).await;
    let mut settings = Settings::for_database(&db.url);
    settings.read_timeout_secs = 1;
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;

    // Says 100 bytes, sends 10, then nothing.
    let (answer, waited) = raw_exchange(
        &app.address,
        b"POST /api/tasks_add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nConnection: close\r\n\r\ntitle=Buy ",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("did not arrive within 1 seconds"),
        "{answer}"
    );
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");

    // Half a request line's headers, then nothing: hyper drops the connection.
    let (answer, waited) = raw_exchange(
        &app.address,
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    )
    .await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");

    // A streamed body (no length given) larger than the limit is cut off with a 413.
    let big = "x".repeat(70 * 1024);
    let chunked = format!(
        "POST /api/tasks_add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\ntitle={big}\r\n0\r\n\r\n",
        big.len() + 6
    );
    let (answer, _) = raw_exchange(&app.address, chunked.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    assert_eq!(app.get("/healthz").await.status(), 200);
}
