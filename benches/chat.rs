//! Built-in agent figures on SQLite: server-side time per chat turn (understanding, the task
//! service, storing both messages) at p50/p99, and the time to the first streamed byte and to the
//! whole reply of the streaming endpoint over HTTP. Prints figures only.
//!
//!   cargo bench --bench chat
use std::time::{Duration, Instant};

use app::auth::timezone::local_now;
use app::chat::builtin::BuiltinAgent;
use app::chat::service::run_turn;
use app::db::user;
use app::tasks::validate::TaskDraft;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use taskpilot::config::Settings;

#[path = "../tests/api/helpers.rs"]
#[allow(dead_code, unused_imports, unused_macros)] // the benches use only part of it
mod helpers;

use helpers::{create_task, Engine, TestApp, TestDb};

const PASSWORD: &str = "correct horse battery";

/// What people say, in a realistic mix: adds, lists, completions, changes.
const UTTERANCES: &[&str] = &[
    "add a task to buy milk tomorrow",
    "what's overdue?",
    "mark task 3 as done",
    "show high priority tasks",
    "move #5 to friday",
    "add 'call the bank' next monday at 9:30, high priority #finance",
    "find number 12",
    "reopen #3",
    "show my tasks",
    "complete the second one",
];

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let db = TestDb::new(Engine::Sqlite).await;
    let mut settings = Settings::for_database(&db.url);
    settings.auth_attempts_per_minute = 1_000_000;
    settings.log_level = "error".into();
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;
    let base = app.address.clone();
    let cookie = app
        .signup_in("Bench", "chat@example.com", PASSWORD, "UTC")
        .await;
    let client = app.signed_in_client(&cookie);
    let conn = app.app_db.conn().expect("ready").clone();
    let owner = user::Entity::find()
        .filter(user::Column::Email.eq("chat@example.com"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let now = local_now("UTC");
    for k in 1..=200 {
        let input = TaskDraft {
            title: format!("Task number {k}"),
            ..TaskDraft::default()
        };
        create_task(&conn, owner.id, input, now).await.unwrap();
    }

    // Server side: one turn through the chat service, ten turns per conversation.
    let mut turns = Vec::new();
    let mut conversation = None;
    for i in 0..1000 {
        let text = UTTERANCES[i % UTTERANCES.len()];
        if i % 10 == 0 {
            conversation = None;
        }
        let start = Instant::now();
        let outcome = run_turn(
            &conn,
            owner.id,
            conversation,
            text,
            now,
            &BuiltinAgent,
            None,
        )
        .await
        .expect("a turn");
        turns.push(start.elapsed());
        conversation = Some(outcome.conversation.id);
    }
    println!(
        "chat turn, built-in agent, SQLite, 200 tasks ({} turns): p50 {}  p99 {}",
        turns.len(),
        ms(percentile(&mut turns, 0.5)),
        ms(percentile(&mut turns, 0.99))
    );

    // Over HTTP: the streaming endpoint as the pane calls it.
    let mut first_byte = Vec::new();
    let mut whole = Vec::new();
    for i in 0..300 {
        let text = UTTERANCES[i % UTTERANCES.len()];
        let start = Instant::now();
        let mut response = client
            .post(format!("{base}/api/chat_send"))
            .header("Origin", "http://127.0.0.1:3000")
            .form(&[("text", text)])
            .send()
            .await
            .expect("send");
        assert!(response.status().is_success());
        let mut first = None;
        while let Some(chunk) = response.chunk().await.expect("a chunk") {
            if first.is_none() && !chunk.is_empty() {
                first = Some(start.elapsed());
            }
        }
        first_byte.push(first.expect("a streamed byte"));
        whole.push(start.elapsed());
    }
    println!(
        "chat over HTTP ({} requests): first streamed byte p50 {}  p99 {}; whole reply p50 {}  p99 {}",
        first_byte.len(),
        ms(percentile(&mut first_byte, 0.5)),
        ms(percentile(&mut first_byte, 0.99)),
        ms(percentile(&mut whole, 0.5)),
        ms(percentile(&mut whole, 0.99))
    );
}
