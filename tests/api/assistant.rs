//! The built-in assistant against its corpus (tests/corpus): every case in a fresh user's
//! conversation with the twelve tasks below, through the chat service, on both engines. Prints the
//! accuracy per category and every miss; fails on any unrequested write (a task added, changed or
//! deleted that the sentence did not ask for), and when the accuracy is below the goal.

use std::collections::BTreeMap;

use crate::helpers::{create_task, make_user, Engine, TestApp, TestDb};
use app::chat::builtin::BuiltinAgent;
use app::chat::{service, ToolCard};
use app::tasks::service as tasks;
use app::tasks::validate::TaskDraft;
use app::tasks::{Due, Priority};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use uuid::Uuid;

/// The half the grammar was tuned against.
mod dev_half {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::DEV_HALF).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::DEV_HALF).await
    }
}

/// Held out until its first run (88.6%, BENCHMARKS.md); the misses of that run were fixed after.
mod test_half {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::TEST_HALF).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::TEST_HALF).await
    }
}

/// Written by someone who had not read the parser; held out until its first run (91.8%,
/// BENCHMARKS.md), whose misses were fixed after.
mod held_out {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT).await
    }
}

/// A second corpus written without reading the parser or the other corpora; held out until its
/// first run (86.2%, BENCHMARKS.md), whose misses were fixed after.
mod held_out_2 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_2).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_2).await
    }
}

/// A third corpus written without reading the parser or the other corpora; held out until its
/// first run (89.6%, BENCHMARKS.md), whose misses were fixed after.
mod held_out_3 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_3).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_3).await
    }
}

/// A fourth corpus written without reading the parser or the other corpora; held out until its
/// first run (94.3%, BENCHMARKS.md), whose misses were fixed after.
mod held_out_4 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_4).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_4).await
    }
}

/// A fifth corpus written without reading the parser or the other corpora; held out until its
/// first run (94.3%, BENCHMARKS.md), whose misses were fixed after.
mod held_out_5 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_5).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_5).await
    }
}

/// A sixth corpus written without reading the parser or the other corpora; its first run (97.8%,
/// BENCHMARKS.md) was the first held-out run at the goal.
mod held_out_6 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_6).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_6).await
    }
}

/// A seventh corpus written without reading the parser or the other corpora, to confirm the
/// sixth's figure on the same grammar (97.8%, one unrequested write); its misses were fixed after.
mod held_out_7 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_7).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_7).await
    }
}

/// An eighth corpus written without reading the parser or the other corpora; its first run
/// (98.3%, one unrequested write, BENCHMARKS.md) was fixed after.
mod held_out_8 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_8).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_8).await
    }
}

/// A ninth corpus written without reading the parser or the other corpora, run on the grammar
/// as it was resolved; never tuned against (its figures in BENCHMARKS.md are of its first run).
mod held_out_9 {
    #[tokio::test]
    async fn sqlite() {
        super::evaluate(super::Engine::Sqlite, super::HELD_OUT_9).await
    }

    #[tokio::test]
    async fn postgres() {
        super::evaluate(super::Engine::Postgres, super::HELD_OUT_9).await
    }
}

const DEV_HALF: &str = include_str!("../corpus/assistant-dev.txt");
const TEST_HALF: &str = include_str!("../corpus/assistant-test.txt");
const HELD_OUT: &str = include_str!("../corpus/assistant-holdout.txt");
const HELD_OUT_2: &str = include_str!("../corpus/assistant-holdout-2.txt");
const HELD_OUT_3: &str = include_str!("../corpus/assistant-holdout-3.txt");
const HELD_OUT_4: &str = include_str!("../corpus/assistant-holdout-4.txt");
const HELD_OUT_5: &str = include_str!("../corpus/assistant-holdout-5.txt");
const HELD_OUT_6: &str = include_str!("../corpus/assistant-holdout-6.txt");
const HELD_OUT_7: &str = include_str!("../corpus/assistant-holdout-7.txt");
const HELD_OUT_8: &str = include_str!("../corpus/assistant-holdout-8.txt");
const HELD_OUT_9: &str = include_str!("../corpus/assistant-holdout-9.txt");

/// The share of cases that must come out as expected.
const GOAL: f64 = 0.95;

/// The tools that change tasks.
const WRITES: &[&str] = &[
    "add_task",
    "complete_task",
    "reopen_task",
    "update_task",
    "delete_task",
    "delete_tasks",
];

/// Wednesday 25 November 2026, 14:00 local.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap()
}

fn due(month: u32, day: u32, time: Option<(u32, u32)>) -> Option<Due> {
    Some(Due {
        date: NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
        time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
    })
}

/// A seeded task: title, priority, due, tags, done.
type Seeded = (
    &'static str,
    Priority,
    Option<Due>,
    &'static [&'static str],
    bool,
);

/// #1–#12, the same for every case. #6 and #10 are done; #7 and #11 are overdue, #1 is due today.
async fn seed(db: &DatabaseConnection, user_id: Uuid) {
    use Priority::{High, Low, Medium, None};
    let seeded: [Seeded; 12] = [
        (
            "Buy groceries",
            None,
            due(11, 25, Option::None),
            &["errands"],
            false,
        ),
        ("Call mom", None, due(11, 26, Option::None), &[], false),
        ("Pay rent", High, due(12, 1, Option::None), &["home"], false),
        (
            "Prepare the presentation",
            High,
            due(11, 27, Some((10, 0))),
            &["work"],
            false,
        ),
        ("Book dentist appointment", Low, Option::None, &[], false),
        ("Water the plants", None, Option::None, &["home"], true),
        (
            "Write weekly report",
            Medium,
            due(11, 23, Option::None),
            &["work"],
            false,
        ),
        ("Renew passport", None, Option::None, &["travel"], false),
        ("Buy supplements", None, Option::None, &["health"], false),
        ("Team meeting notes", None, Option::None, &["work"], true),
        (
            "Fix the bike",
            Low,
            due(11, 20, Option::None),
            &["personal"],
            false,
        ),
        ("Read a book", None, Option::None, &["personal"], false),
    ];
    for (title, priority, due, tags, done) in seeded {
        let draft = TaskDraft {
            title: title.into(),
            priority,
            due,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..TaskDraft::default()
        };
        let task = create_task(db, user_id, draft, now()).await.unwrap();
        if done {
            tasks::set_completed(db, user_id, task.id, true, now())
                .await
                .unwrap();
        }
    }
}

/// What the last turn of a case must do.
#[derive(Debug)]
enum Expected {
    /// Exactly these tool calls, in order: (name, arguments).
    Calls(Vec<(String, Value)>),
    /// It asks or explains, and attempts no change.
    NoChange,
    /// It calls no tool at all.
    NoTool,
}

struct Case {
    category: String,
    turns: Vec<String>,
    expected: Expected,
}

fn call(text: &str) -> (String, Value) {
    let (name, arguments) = text.trim().split_once(' ').unwrap_or((text.trim(), "{}"));
    let arguments = serde_json::from_str(arguments)
        .unwrap_or_else(|e| panic!("the corpus's arguments {arguments:?} are JSON: {e}"));
    (name.to_owned(), arguments)
}

fn cases(corpus: &str) -> Vec<Case> {
    let mut category = String::new();
    let mut cases = Vec::new();
    for line in corpus.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("# ") {
            if let Some((name, _)) = heading.split_once(':') {
                if !name.contains(' ') {
                    category = name.to_owned();
                }
            }
            continue;
        }
        let Some((said, expected)) = line.split_once(" => ") else {
            continue;
        };
        let expected = match expected.trim() {
            "?" => Expected::NoChange,
            "-" => Expected::NoTool,
            calls => Expected::Calls(calls.split(" && ").map(call).collect()),
        };
        cases.push(Case {
            category: category.clone(),
            turns: said.split(" >> ").map(str::to_owned).collect(),
            expected,
        });
    }
    cases
}

fn arguments(card: &ToolCard) -> Value {
    serde_json::from_str(&card.arguments).unwrap_or(Value::Null)
}

fn passes(expected: &Expected, cards: &[ToolCard]) -> bool {
    match expected {
        Expected::NoTool => cards.is_empty(),
        Expected::NoChange => !cards.iter().any(|c| WRITES.contains(&c.name.as_str())),
        Expected::Calls(calls) => {
            calls.len() == cards.len()
                && calls
                    .iter()
                    .zip(cards)
                    .all(|((name, args), card)| *name == card.name && *args == arguments(card))
        }
    }
}

/// Writes that ran and that the case did not ask for.
fn unrequested_writes(expected: &Expected, cards: &[ToolCard]) -> usize {
    cards
        .iter()
        .filter(|c| c.ok && WRITES.contains(&c.name.as_str()))
        .filter(|c| match expected {
            Expected::Calls(calls) => !calls
                .iter()
                .any(|(name, args)| *name == c.name && *args == arguments(c)),
            _ => true,
        })
        .count()
}

async fn evaluate(engine: Engine, corpus: &str) {
    let cases = cases(corpus);
    assert!(cases.len() >= 200, "{} cases", cases.len());
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut misses, mut unrequested) = (Vec::new(), 0);
    for case in &cases {
        let user_id = make_user(&conn, "Ada").await;
        seed(&conn, user_id).await;
        let mut conversation = None;
        let mut cards = Vec::new();
        let mut reply = String::new();
        for text in &case.turns {
            let outcome = service::run_turn(
                &conn,
                user_id,
                conversation,
                text,
                now(),
                &BuiltinAgent,
                None,
            )
            .await
            .unwrap_or_else(|e| panic!("the turn {text:?} ran: {e}"));
            conversation = Some(outcome.conversation.id);
            cards = outcome.reply.cards;
            reply = outcome.reply.content;
        }
        let entry = per_category.entry(&case.category).or_default();
        entry.1 += 1;
        unrequested += unrequested_writes(&case.expected, &cards);
        if passes(&case.expected, &cards) {
            entry.0 += 1;
        } else {
            let made: Vec<String> = cards
                .iter()
                .map(|c| format!("{} {}", c.name, c.arguments))
                .collect();
            misses.push(format!(
                "  [{}] {:?}\n      expected {:?}\n      made {made:?}\n      said {:?}",
                case.category,
                case.turns.join(" >> "),
                case.expected,
                reply.lines().next().unwrap_or_default()
            ));
        }
    }
    let passed: usize = per_category.values().map(|(p, _)| p).sum();
    let accuracy = passed as f64 / cases.len() as f64;
    println!(
        "{engine:?}: {passed}/{} = {:.1}%",
        cases.len(),
        accuracy * 100.0
    );
    for (category, (p, n)) in &per_category {
        println!(
            "  {category:<12} {p:>3}/{n:<3} {:5.1}%",
            *p as f64 * 100.0 / *n as f64
        );
    }
    println!("unrequested writes: {unrequested}");
    println!("misses:\n{}", misses.join("\n"));
    assert_eq!(unrequested, 0, "unrequested writes (see the misses above)");
    assert!(
        accuracy >= GOAL,
        "{:.1}% understood, below the goal of {:.0}%",
        accuracy * 100.0,
        GOAL * 100.0
    );
}
