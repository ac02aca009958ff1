//! Task list figures: the first `/tasks` page (SSR) and the list server function for a user with
//! 1k, 10k and 100k tasks, and the throughput of the `/tasks` page with 200 tasks against a plain
//! axum handler returning the same rows as JSON from the same database. Prints figures only.
//!
//!   cargo bench --bench tasks
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::db::{task, user};
use app::tasks::service;
use app::tasks::{Priority, TaskQuery};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use taskpilot::config::Settings;

#[path = "../tests/api/helpers.rs"]
#[allow(dead_code, unused_imports, unused_macros)] // the benches use only part of it
mod helpers;

use helpers::{Engine, TestApp, TestDb};

const PASSWORD: &str = "correct horse battery";

struct Running {
    app: TestApp,
    base: String,
    /// Signed in as the seeded user.
    client: reqwest::Client,
    user_id: uuid::Uuid,
    _db: TestDb,
}

/// Starts the app on a fresh SQLite file, signs up a user (the client keeps the cookie) and
/// bulk-inserts `n` tasks for them.
async fn start(email: &str, n: i64) -> Running {
    let mut db = TestDb::new(Engine::Sqlite).await;
    // TASKS_BENCH_KEEP=1 keeps the seeded databases for reading with `sqlite3` afterwards.
    if std::env::var_os("TASKS_BENCH_KEEP").is_some() {
        if let Some(dir) = db.keep() {
            println!("database kept in {}", dir.display());
        }
    }
    let mut settings = Settings::for_database(&db.url);
    settings.auth_attempts_per_minute = 1_000_000;
    // TASKS_BENCH_LOG=sqlx::query=debug prints every statement with its time.
    settings.log_level = "error".into();
    if let Ok(filter) = std::env::var("TASKS_BENCH_LOG") {
        taskpilot::telemetry::init(&filter);
    }
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;
    let cookie = app.signup_in("Bench", email, PASSWORD, "UTC").await;
    let client = app.signed_in_client(&cookie);
    let user_id = seed(app.app_db.conn().expect("ready"), email, n).await;
    Running {
        base: app.address.clone(),
        app,
        client,
        user_id,
        _db: db,
    }
}

/// Bulk-inserts `n` tasks for the user with this email.
async fn seed(conn: &DatabaseConnection, email: &str, n: i64) -> uuid::Uuid {
    let owner = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let now = Utc::now();
    for chunk in (1..=n).collect::<Vec<_>>().chunks(1000) {
        let rows = chunk.iter().map(|&k| task::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            user_id: Set(owner.id),
            number: Set(k),
            title: Set(format!("Task number {k} with a few words")),
            description: Set(if k % 3 == 0 {
                "Some details about it".into()
            } else {
                String::new()
            }),
            completed: Set(k % 4 == 0),
            priority: Set([
                Priority::None,
                Priority::Low,
                Priority::Medium,
                Priority::High,
            ][(k % 4) as usize]
                .stored()),
            due_date: Set((k % 5 != 0).then(|| start + Days::new((k % 700) as u64))),
            due_time: Set(None),
            tags: Set(if k % 2 == 0 {
                "[\"work\"]".into()
            } else {
                "[\"home\"]".into()
            }),
            // Spread over time as a real history is (one task every 10 minutes, newest last).
            created_at: Set(now - chrono::Duration::minutes(10 * (n - k))),
            updated_at: Set(now),
            completed_at: Set((k % 4 == 0).then(|| {
                now - chrono::Duration::minutes(10 * (n - k)) + chrono::Duration::hours(20)
            })),
        });
        task::Entity::insert_many(rows)
            .exec(conn)
            .await
            .expect("insert");
    }
    let owner_id = owner.id;
    let mut model: user::ActiveModel = owner.into();
    model.task_counter = Set(n);
    model.update(conn).await.expect("counter");
    owner_id
}

async fn median_ms(mut f: impl AsyncFnMut() -> (), runs: usize) -> f64 {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// What a load measured: requests per second, and the process's CPU time per request.
struct Load {
    rate: f64,
    cpu_us: f64,
}

/// The CPU time this process (server and load generator alike) has used, from `/proc/self/stat`
/// (Linux; its clock ticks are always 1/100 s there). A steadier figure than requests per second
/// on a shared machine, whose other tenants slow the clock but not the work.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    let ticks: u64 = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|f| f.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    ticks as f64 / 100.0
}

/// Requests per second from 8 concurrent clients over `seconds`, each sending `request`.
async fn load<R>(request: R, seconds: u64) -> Load
where
    R: Fn() -> reqwest::RequestBuilder + Clone + Send + 'static,
{
    let done = Arc::new(AtomicU64::new(0));
    let cpu_before = process_cpu_seconds();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (request, done) = (request.clone(), done.clone());
        workers.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let response = request().send().await.expect("request");
                assert!(response.status().is_success());
                let _ = response.bytes().await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for w in workers {
        let _ = w.await;
    }
    let requests = done.load(Ordering::Relaxed).max(1) as f64;
    Load {
        rate: requests / seconds as f64,
        cpu_us: (process_cpu_seconds() - cpu_before) * 1e6 / requests,
    }
}

/// GET requests per second to `url` (see `load`).
async fn throughput(url: String, client: reqwest::Client, seconds: u64) -> Load {
    load(move || client.get(&url), seconds).await
}

/// Diagnostics: the size of the 200-task page and of the resource data it embeds for hydration.
/// Set TASKS_BENCH_DUMP=<file> to keep the page for reading.
async fn page_sizes(run: &Running) {
    let body = run
        .client
        .get(format!("{}/tasks?per=200", run.base))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut hydration = 0;
    for script in body.split("<script").skip(1) {
        let script = script.split("</script>").next().unwrap_or_default();
        if script.contains("__RESOLVED_RESOURCES") {
            hydration += script.len();
        }
    }
    println!(
        "200 tasks: /tasks page {} bytes, of which {hydration} bytes of hydration data",
        body.len()
    );
    if let Ok(path) = std::env::var("TASKS_BENCH_DUMP") {
        std::fs::write(path, &body).expect("dump the page");
    }
}

async fn plain_json(
    axum::extract::State((conn, user_id)): axum::extract::State<(DatabaseConnection, uuid::Uuid)>,
) -> axum::Json<Vec<app::tasks::Task>> {
    let query = TaskQuery {
        per_page: 200,
        ..TaskQuery::default()
    };
    let page = service::list(&conn, user_id, &query, Utc::now().naive_utc())
        .await
        .expect("list");
    axum::Json(page.tasks)
}

#[tokio::main]
async fn main() {
    // TASKS_BENCH_SIZES=0 skips the 1k/10k/100k part (for quick throughput runs).
    let sizes: &[i64] = if std::env::var("TASKS_BENCH_SIZES").is_ok_and(|v| v == "0") {
        &[]
    } else {
        &[1_000, 10_000, 100_000]
    };
    let mut first_page = Vec::new();
    for &n in sizes {
        let run = start("bench@example.com", n).await;
        let url = format!("{}/tasks", run.base);
        let page = median_ms(
            async || {
                let r = run
                    .client
                    .get(&url)
                    .header("Accept", "text/html")
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                let body = r.text().await.unwrap();
                assert!(body.contains("data-testid=\"task\""));
            },
            21,
        )
        .await;
        let list = median_ms(
            async || {
                let r = run
                    .client
                    .post(format!("{}/api/tasks_list", run.base))
                    .header("Origin", "http://127.0.0.1:3000")
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                let _ = r.bytes().await;
            },
            21,
        )
        .await;
        let dashboard = median_ms(
            async || {
                let r = run
                    .client
                    .post(format!("{}/api/dashboard", run.base))
                    .header("Origin", "http://127.0.0.1:3000")
                    .send()
                    .await
                    .unwrap();
                let _ = r.bytes().await;
            },
            21,
        )
        .await;
        println!("{n:>7} tasks: first /tasks page (SSR, 50 rows) median {page:.1} ms; list server fn {list:.1} ms; dashboard server fn {dashboard:.1} ms");
        first_page.push((page, dashboard));
    }
    if let [small, _, large] = first_page[..] {
        println!(
            "100k vs 1k: /tasks first page {:.2}x, dashboard {:.2}x (goal <= 3x)",
            large.0 / small.0,
            large.1 / small.1
        );
    }

    // Throughput with 200 tasks: the SSR page against a plain JSON handler on the same rows.
    let run = start("throughput@example.com", 200).await;
    let user_id = run.user_id;
    let conn = run.app.app_db.conn().unwrap().clone();
    let plain = axum::Router::new()
        .route("/tasks.json", axum::routing::get(plain_json))
        .with_state((conn, user_id));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let plain_url = format!("http://{}/tasks.json", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, plain).await });
    page_sizes(&run).await;
    // TASKS_BENCH_PROFILE=ssr|json|one: only that load, for 20 s, for a profiler to attach to.
    if let Ok(which) = std::env::var("TASKS_BENCH_PROFILE") {
        let url = match which.as_str() {
            "json" => plain_url,
            "one" => format!("{}/tasks?per=1", run.base),
            _ => format!("{}/tasks?per=200", run.base),
        };
        println!("profiling {url}");
        let rate = throughput(url, run.client.clone(), 20).await.rate;
        println!("{which}: {rate:.0} req/s");
        return;
    }
    // The same page with one row: what every page costs whatever its length.
    let one_row = throughput(format!("{}/tasks?per=1", run.base), run.client.clone(), 5)
        .await
        .rate;
    println!("1 task shown: /tasks?per=1 SSR page {one_row:.0} req/s");
    // The chat pane beside the list loads its conversation after hydration, by this request.
    let (client, url) = (run.client.clone(), format!("{}/api/chat_latest", run.base));
    let pane = load(
        move || client.post(&url).header("Origin", "http://127.0.0.1:3000"),
        5,
    )
    .await;
    println!(
        "the chat pane's own request (POST /api/chat_latest, after hydration): {:.0} req/s, CPU per request {:.0} us",
        pane.rate, pane.cpu_us
    );
    // Two-second turns, one after the other, so that a slower moment of a shared machine falls on
    // both sides of a ratio rather than on one side only.
    let ssr_url = format!("{}/tasks?per=200", run.base);
    let json_client = reqwest::Client::new();
    let mut turns = Vec::new();
    for _ in 0..5 {
        let ssr = throughput(ssr_url.clone(), run.client.clone(), 2).await;
        let json = throughput(plain_url.clone(), json_client.clone(), 2).await;
        println!(
            "  turn: /tasks SSR page {:.0} req/s; plain axum JSON handler {:.0} req/s; ratio {:.2}; CPU per request {:.0} / {:.0} us (ratio {:.2})",
            ssr.rate,
            json.rate,
            ssr.rate / json.rate,
            ssr.cpu_us,
            json.cpu_us,
            json.cpu_us / ssr.cpu_us
        );
        turns.push((ssr.rate / json.rate, ssr.rate, json.rate));
    }
    turns.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (ratio, ssr, json) = turns[turns.len() / 2];
    println!(
        "200 tasks: /tasks SSR page {ssr:.0} req/s; plain axum JSON handler {json:.0} req/s; ratio {ratio:.2} (median of 5 turns, {:.2}-{:.2}; goal >= 0.5)",
        turns[0].0,
        turns[turns.len() - 1].0
    );
}
