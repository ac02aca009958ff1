//! The LLM agent against a fake OpenAI-compatible server inside the test (a small axum app on
//! 127.0.0.1:0 that plays a script), through the real chat service on SQLite and PostgreSQL:
//! OpenAI's and Gemini's stream shapes and a non-streamed answer, tool results sent back to the
//! model, tasks created for the right user, bad tool calls answered as errors, the bounded tool
//! loop, every kind of endpoint failure falling back to the built-in agent, and the server
//! choosing the agent from its settings.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::helpers::{chat_events, make_user, on_both_engines, Engine, TestApp, TestDb};
use app::chat::llm::{LlmAgent, LlmSettings, MAX_TOOL_STEPS};
use app::chat::service::{self, TurnOutcome};
use app::chat::ChatAgent;
use app::tasks::service as tasks;
use app::tasks::{Due, Priority, TaskQuery};
use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{NaiveDate, NaiveDateTime};
use futures::StreamExt;
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};
use taskpilot::config::Settings;
use tokio::net::TcpListener;
use uuid::Uuid;

on_both_engines!(
    openai_stream_adds_the_task_for_the_signed_in_user_and_sends_results_back,
    gemini_stream_and_non_streamed_answers_work_too,
    unknown_tools_and_bad_arguments_go_back_to_the_model,
    the_tool_loop_stops_after_five_steps,
    endpoint_failures_say_why_and_the_builtin_agent_answers,
    stop_ends_the_turn_while_the_model_streams,
    a_failure_after_a_change_does_not_repeat_it
);

/// Wednesday 25 November 2026, 14:00 local.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap()
}

/// What the fake answers to one request.
#[derive(Clone)]
enum Scripted {
    /// A text/event-stream body sent in these pieces (they may cut events anywhere).
    Sse(Vec<String>),
    /// These pieces, then silence for this long.
    SseThenStall(Vec<String>, Duration),
    /// A non-streamed completion.
    Json(Value),
    /// An error status with a JSON body.
    Status(u16, &'static str),
    /// No answer at all for this long.
    Hang(Duration),
}

type FakeState = (Arc<Vec<Scripted>>, Arc<Mutex<Vec<Value>>>);

/// A fake chat-completions server: answers the n-th request with the n-th scripted answer (the
/// last one repeats) and keeps every request body.
struct Fake {
    /// Its base URL, …/v1.
    base_url: String,
    origin: String,
    requests: Arc<Mutex<Vec<Value>>>,
}

impl Fake {
    async fn start(script: Vec<Scripted>) -> Fake {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state: FakeState = (Arc::new(script), requests.clone());
        let app = Router::new()
            .route("/v1/chat/completions", post(completions))
            // A web page where the API was expected.
            .route(
                "/web/chat/completions",
                post(|| async { Html("<!doctype html><title>Welcome</title><p>Hello") }),
            )
            .fallback(|| async {
                (
                    StatusCode::NOT_FOUND,
                    Html("<html><body><h1>404 Not Found</h1></body></html>"),
                )
            })
            .with_state(state);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Fake {
            base_url: format!("{origin}/v1"),
            origin,
            requests,
        }
    }

    fn requests(&self) -> Vec<Value> {
        self.requests.lock().unwrap().clone()
    }
}

async fn completions(
    State((script, requests)): State<FakeState>,
    Json(body): Json<Value>,
) -> Response {
    let n = {
        let mut requests = requests.lock().unwrap();
        requests.push(body);
        requests.len() - 1
    };
    match script[n.min(script.len() - 1)].clone() {
        Scripted::Sse(pieces) => sse(pieces, None),
        Scripted::SseThenStall(pieces, quiet) => sse(pieces, Some(quiet)),
        Scripted::Json(value) => Json(value).into_response(),
        Scripted::Status(code, body) => (
            StatusCode::from_u16(code).unwrap(),
            [(CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Scripted::Hang(quiet) => {
            tokio::time::sleep(quiet).await;
            StatusCode::OK.into_response()
        }
    }
}

fn sse(pieces: Vec<String>, quiet: Option<Duration>) -> Response {
    let sent = futures::stream::iter(pieces.into_iter().map(Ok::<_, Infallible>));
    let body = match quiet {
        None => Body::from_stream(sent),
        Some(quiet) => Body::from_stream(sent.chain(futures::stream::once(async move {
            tokio::time::sleep(quiet).await;
            Ok(String::new())
        }))),
    };
    ([(CONTENT_TYPE, "text/event-stream")], body).into_response()
}

/// Chunks as server-sent events, ending with [DONE], cut into pieces of `size` bytes.
fn stream(chunks: &[Value], size: usize) -> Scripted {
    let mut text: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    text.push_str("data: [DONE]\n\n");
    Scripted::Sse(pieces(&text, size))
}

fn pieces(text: &str, size: usize) -> Vec<String> {
    text.as_bytes()
        .chunks(size)
        .map(|c| String::from_utf8(c.to_vec()).expect("ASCII test data"))
        .collect()
}

/// A text answer streamed a word at a time.
fn text_answer(text: &str) -> Scripted {
    let mut chunks =
        vec![json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})];
    for word in text.split_inclusive(' ') {
        chunks.push(json!({"choices": [{"index": 0, "delta": {"content": word}}]}));
    }
    chunks.push(json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}));
    stream(&chunks, 1000)
}

/// OpenAI's shape: calls streamed by `index`, the first piece with id and name, the arguments
/// split across chunks, and the whole stream cut into 7-byte pieces.
fn openai_tool_calls(calls: &[(&str, &str)]) -> Scripted {
    let mut chunks =
        vec![json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": null}}]})];
    for (i, (name, arguments)) in calls.iter().enumerate() {
        chunks.push(json!({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": i, "id": format!("call_{i}"), "type": "function", "function": {"name": name, "arguments": ""}}
        ]}}]}));
        let (head, tail) = arguments.split_at(arguments.len() / 2);
        for part in [head, tail] {
            chunks.push(json!({"choices": [{"index": 0, "delta": {"tool_calls": [
                {"index": i, "function": {"arguments": part}}
            ]}}]}));
        }
    }
    chunks.push(json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}));
    stream(&chunks, 7)
}

/// Gemini's shape: no `index`, each call whole in one chunk, finish_reason "stop".
fn gemini_tool_calls(calls: &[(&str, &str)]) -> Scripted {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(name, arguments)| {
            json!({"id": "", "type": "function", "function": {"name": name, "arguments": arguments}})
        })
        .collect();
    stream(
        &[json!({
            "choices": [{"delta": {"role": "assistant", "tool_calls": calls}, "finish_reason": "stop", "index": 0}],
            "created": 1764000000, "model": "gemini-2.5-flash", "object": "chat.completion.chunk"
        })],
        1000,
    )
}

fn settings(base_url: &str) -> LlmSettings {
    LlmSettings {
        base_url: base_url.to_owned(),
        api_key: "sk-test-key".into(),
        model: "test-model".into(),
        timeout: Duration::from_secs(20),
        stall: Duration::from_secs(5),
    }
}

/// The language model as the server configures it: a `ChatAgent`, which gives way to the
/// built-in agent when the model cannot be used.
fn llm_agent(settings: LlmSettings) -> ChatAgent {
    ChatAgent::Llm(Arc::new(
        LlmAgent::new(settings).expect("valid LLM settings"),
    ))
}

fn agent(base_url: &str) -> ChatAgent {
    llm_agent(settings(base_url))
}

async fn turn(
    db: &DatabaseConnection,
    user_id: Uuid,
    conversation: Option<Uuid>,
    text: &str,
    agent: &ChatAgent,
) -> TurnOutcome {
    service::run_turn(db, user_id, conversation, text, now(), agent, None)
        .await
        .unwrap_or_else(|e| panic!("the turn {text:?} ran: {e}"))
}

/// The messages of a request the fake received.
fn messages(request: &Value) -> Vec<Value> {
    request["messages"].as_array().cloned().unwrap_or_default()
}

/// The result the model got for tool call `id`, parsed.
fn tool_result(request: &Value, id: &str) -> Value {
    let message = messages(request)
        .into_iter()
        .find(|m| m["role"] == "tool" && m["tool_call_id"] == id)
        .unwrap_or_else(|| panic!("no tool result for {id} in {request:#}"));
    serde_json::from_str(message["content"].as_str().expect("content is a string"))
        .expect("the content is JSON")
}

async fn openai_stream_adds_the_task_for_the_signed_in_user_and_sends_results_back(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let ada = make_user(&conn, "Ada").await;
    let bob = make_user(&conn, "Bob").await;
    let fake = Fake::start(vec![
        openai_tool_calls(&[(
            "add_task",
            r#"{"title":"Buy milk","due":"2026-11-26","priority":"high"}"#,
        )]),
        text_answer("Added Buy milk for tomorrow."),
        openai_tool_calls(&[("complete_task", r#"{"number":1}"#)]),
        text_answer("Done."),
    ])
    .await;
    let llm = agent(&fake.base_url);

    let first = turn(
        &conn,
        ada,
        None,
        "add buy milk tomorrow, high priority",
        &llm,
    )
    .await;
    assert_eq!(first.reply.content, "Added Buy milk for tomorrow.");
    assert!(first.changed);
    let cards: Vec<String> = first
        .reply
        .cards
        .iter()
        .map(|c| format!("{} {}", c.name, c.arguments))
        .collect();
    assert_eq!(
        cards,
        [r#"add_task {"title":"Buy milk","priority":"high","due":"2026-11-26"}"#]
    );
    let task = tasks::get_by_number(&conn, ada, 1, now()).await.unwrap();
    assert_eq!(task.title, "Buy milk");
    assert_eq!(task.priority, Priority::High);
    assert_eq!(
        task.due,
        Some(Due {
            date: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            time: None
        })
    );
    let bobs = tasks::list(&conn, bob, &TaskQuery::default(), now())
        .await
        .unwrap();
    assert_eq!(bobs.total, 0, "{engine:?}: only Ada's list changes");

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    // The first request: the model, streaming, the tools, a system prompt with today.
    let request = &requests[0];
    assert_eq!(request["model"], "test-model");
    assert_eq!(request["stream"], true);
    let tools = request["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 9, "the same nine tools as MCP");
    let schemas = request["tools"].to_string();
    for banned in ["$schema", "additionalProperties", "\"title\":\"", "user_id"] {
        assert!(!schemas.contains(banned), "tool schemas contain {banned}");
    }
    let system = messages(request)[0].clone();
    assert_eq!(system["role"], "system");
    let prompt = system["content"].as_str().unwrap();
    assert!(
        prompt.contains("Wednesday 25 November 2026, 14:00"),
        "{prompt}"
    );
    assert!(
        prompt.contains("#3") && prompt.contains("confirm"),
        "{prompt}"
    );
    assert_eq!(
        messages(request).last().unwrap()["content"],
        "add buy milk tomorrow, high priority"
    );
    // The second carries the assistant's call and the tool's result.
    let request = &requests[1];
    let assistant = messages(request)
        .into_iter()
        .find(|m| m["role"] == "assistant")
        .expect("the assistant message with the calls");
    assert_eq!(assistant["tool_calls"][0]["id"], "call_0");
    assert_eq!(assistant["tool_calls"][0]["function"]["name"], "add_task");
    assert_eq!(
        assistant["tool_calls"][0]["function"]["arguments"],
        r#"{"title":"Buy milk","due":"2026-11-26","priority":"high"}"#
    );
    let result = tool_result(request, "call_0");
    assert_eq!(result["ok"], true);
    assert!(
        result["result"]
            .as_str()
            .unwrap()
            .starts_with("Added #1 'Buy milk'"),
        "{result}"
    );
    assert_eq!(result["tasks"][0]["number"], 1);

    // The next turn continues the stored conversation: the model sees the earlier turn,
    // with its tool call and result.
    let second = turn(
        &conn,
        ada,
        Some(first.conversation.id),
        "mark it done",
        &llm,
    )
    .await;
    assert_eq!(second.reply.content, "Done.");
    assert!(
        tasks::get_by_number(&conn, ada, 1, now())
            .await
            .unwrap()
            .completed
    );
    let requests = fake.requests();
    let history = messages(&requests[2]);
    let roles: Vec<&str> = history
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["system", "user", "assistant", "tool", "assistant", "user"]
    );
    assert_eq!(
        history[1]["content"],
        "add buy milk tomorrow, high priority"
    );
    assert_eq!(history[2]["tool_calls"][0]["function"]["name"], "add_task");
    assert!(history[3]["content"]
        .as_str()
        .unwrap()
        .contains("Added #1 'Buy milk'"));
    assert_eq!(history[4]["content"], "Added Buy milk for tomorrow.");
}

async fn gemini_stream_and_non_streamed_answers_work_too(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();

    // Gemini: whole calls without index, two in one chunk, finish_reason "stop".
    let ada = make_user(&conn, "Ada").await;
    let fake = Fake::start(vec![
        gemini_tool_calls(&[
            ("add_task", r#"{"title":"Pay rent"}"#),
            ("add_task", r#"{"title":"Call mum","tags":["family"]}"#),
        ]),
        text_answer("Added both."),
    ])
    .await;
    let outcome = turn(
        &conn,
        ada,
        None,
        "add pay rent and call mum",
        &agent(&fake.base_url),
    )
    .await;
    assert_eq!(outcome.reply.content, "Added both.");
    assert_eq!(outcome.reply.cards.len(), 2);
    let titles: Vec<String> = tasks::list(&conn, ada, &TaskQuery::default(), now())
        .await
        .unwrap()
        .tasks
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles.len(), 2, "{engine:?}: {titles:?}");
    assert!(titles.contains(&"Pay rent".to_owned()) && titles.contains(&"Call mum".to_owned()));
    // Calls without ids get ids of ours, and each result answers its own call.
    let requests = fake.requests();
    let calls = messages(&requests[1])
        .into_iter()
        .find(|m| m["role"] == "assistant")
        .unwrap()["tool_calls"]
        .clone();
    let ids: Vec<&str> = calls
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    for id in ids {
        assert_eq!(tool_result(&requests[1], id)["ok"], true);
    }

    // Not streamed: a server that answers stream:true with one JSON completion.
    let bob = make_user(&conn, "Bob").await;
    let fake = Fake::start(vec![
        Scripted::Json(json!({
            "id": "x", "object": "chat.completion",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                "role": "assistant", "content": null,
                "tool_calls": [{"id": "c1", "type": "function",
                    "function": {"name": "add_task", "arguments": "{\"title\":\"Water plants\"}"}}]
            }}]
        })),
        Scripted::Json(json!({
            "choices": [{"index": 0, "finish_reason": "stop",
                "message": {"role": "assistant", "content": "Added Water plants."}}]
        })),
    ])
    .await;
    let outcome = turn(&conn, bob, None, "add water plants", &agent(&fake.base_url)).await;
    assert_eq!(outcome.reply.content, "Added Water plants.");
    assert_eq!(
        tasks::get_by_number(&conn, bob, 1, now())
            .await
            .unwrap()
            .title,
        "Water plants"
    );
    assert_eq!(tool_result(&fake.requests()[1], "c1")["ok"], true);
}

async fn unknown_tools_and_bad_arguments_go_back_to_the_model(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let ada = make_user(&conn, "Ada").await;
    let fake = Fake::start(vec![
        openai_tool_calls(&[
            ("fly_to_moon", "{}"),
            ("add_task", r#"{"title": 5, "x"#),
            ("add_task", r#"{"priority":"high"}"#),
            ("complete_task", r#"{"number":99}"#),
            (
                "add_task",
                r#"{"title":"Mow the lawn","user_id":"someone-else"}"#,
            ),
        ]),
        text_answer("Some of that did not work."),
    ])
    .await;
    let outcome = turn(&conn, ada, None, "do things", &agent(&fake.base_url)).await;
    assert_eq!(outcome.reply.content, "Some of that did not work.");
    let requests = fake.requests();
    let results: Vec<Value> = (0..5)
        .map(|i| tool_result(&requests[1], &format!("call_{i}")))
        .collect();
    assert_eq!(results[0]["ok"], false);
    assert_eq!(
        results[0]["result"],
        "There is no tool called \"fly_to_moon\"."
    );
    assert_eq!(results[1]["ok"], false);
    assert!(results[1]["result"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert_eq!(results[2]["ok"], false);
    assert!(results[2]["result"]
        .as_str()
        .unwrap()
        .starts_with("The arguments for add_task are not valid"));
    assert_eq!(results[3]["ok"], false, "{engine:?}: no task #99");
    // A user id in the arguments is no argument: the task is Ada's.
    assert_eq!(results[4]["ok"], true);
    let page = tasks::list(&conn, ada, &TaskQuery::default(), now())
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.tasks[0].title, "Mow the lawn");
}

async fn the_tool_loop_stops_after_five_steps(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let ada = make_user(&conn, "Ada").await;
    // The model asks for a list, again and again.
    let fake = Fake::start(vec![openai_tool_calls(&[("list_tasks", "{}")])]).await;
    let outcome = turn(&conn, ada, None, "show my tasks", &agent(&fake.base_url)).await;
    assert_eq!(outcome.reply.cards.len(), MAX_TOOL_STEPS, "{engine:?}");
    assert!(
        outcome
            .reply
            .content
            .contains("I stopped after 5 tool steps"),
        "{}",
        outcome.reply.content
    );
    let requests = fake.requests();
    // Five requests whose tools ran, and a last one asking for words only.
    assert_eq!(requests.len(), MAX_TOOL_STEPS + 1);
    assert_eq!(requests[MAX_TOOL_STEPS]["tool_choice"], "none");
    assert!(requests[0].get("tool_choice").is_none());
}

/// A port where nothing listens.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn endpoint_failures_say_why_and_the_builtin_agent_answers(engine: Engine) {
    let stalled = openai_stall();
    let cases: Vec<(&str, Vec<Scripted>, Option<&str>, &str)> = vec![
        (
            "401",
            vec![Scripted::Status(
                401,
                r#"{"error":{"message":"Incorrect API key provided: sk-test-***","type":"invalid_request_error"}}"#,
            )],
            None,
            "the API key was refused",
        ),
        (
            "429",
            vec![Scripted::Status(
                429,
                r#"{"error":{"message":"Rate limit reached"}}"#,
            )],
            None,
            "it is rate limited",
        ),
        (
            "500",
            vec![Scripted::Status(500, r#"{"error":{"message":"boom"}}"#)],
            None,
            "it had a server error (HTTP 500)",
        ),
        (
            "stall mid-stream",
            vec![stalled],
            None,
            "it stopped sending in mid-answer",
        ),
        (
            "no first byte",
            vec![Scripted::Hang(Duration::from_secs(30))],
            None,
            "it did not start answering",
        ),
        (
            "HTML 404",
            vec![],
            Some("/wrong/v1"),
            "(HTTP 404); check LLM_BASE_URL",
        ),
        (
            "HTML 200",
            vec![],
            Some("/web"),
            "answered with a web page, not a chat completion; check LLM_BASE_URL",
        ),
        (
            "garbage chunk",
            vec![Scripted::Sse(vec!["data: {not json\n\n".into()])],
            None,
            "its answer could not be read",
        ),
    ];
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    for (name, script, path, reason) in &cases {
        let fake = Fake::start(if script.is_empty() {
            vec![text_answer("unused")]
        } else {
            script.clone()
        })
        .await;
        let base_url = match path {
            Some(path) => format!("{}{path}", fake.origin),
            None => fake.base_url.clone(),
        };
        check_fallback(&conn, engine, name, &base_url, reason).await;
    }
    let port = closed_port().await;
    check_fallback(
        &conn,
        engine,
        "nothing listening",
        &format!("http://127.0.0.1:{port}/v1"),
        &format!("nothing answered at http://127.0.0.1:{port}"),
    )
    .await;
}

/// One chunk of text, then silence longer than the stall timeout.
fn openai_stall() -> Scripted {
    let chunk = json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": "Let me check. "}}]});
    Scripted::SseThenStall(vec![format!("data: {chunk}\n\n")], Duration::from_secs(30))
}

async fn check_fallback(
    conn: &DatabaseConnection,
    engine: Engine,
    name: &str,
    base_url: &str,
    reason: &str,
) {
    let ada = make_user(conn, "Ada").await;
    let llm = llm_agent(LlmSettings {
        stall: Duration::from_millis(500),
        ..settings(base_url)
    });
    let outcome = turn(conn, ada, None, "add a task to buy milk", &llm).await;
    let content = &outcome.reply.content;
    assert!(
        content.contains("The language model could not be reached: ") && content.contains(reason),
        "{engine:?} {name}: {content:?} lacks {reason:?}"
    );
    assert!(
        content.contains("The built-in assistant answered instead:\n\nAdded #1 'Buy milk'."),
        "{engine:?} {name}: {content:?}"
    );
    assert!(!content.contains("sk-test-key"), "{engine:?} {name}");
    assert!(outcome.changed);
    assert_eq!(
        tasks::get_by_number(conn, ada, 1, now())
            .await
            .unwrap()
            .title,
        "Buy milk",
        "{engine:?} {name}"
    );
    if name == "stall mid-stream" {
        // What was streamed before the stall stays.
        assert!(
            content.starts_with("Let me check. \n\nThe language model"),
            "{content:?}"
        );
    }
}

/// The server picks the agent from its settings, and the chat endpoint uses it.
#[tokio::test]
async fn the_server_uses_the_configured_model_in_the_chat_endpoint() {
    let db = TestDb::new(Engine::Sqlite).await;
    let fake = Fake::start(vec![
        gemini_tool_calls(&[("add_task", r#"{"title":"Buy milk"}"#)]),
        text_answer("Added it."),
    ])
    .await;

    // Only some LLM settings: the built-in agent, no crash.
    let other_db = TestDb::new(Engine::Sqlite).await;
    let mut partial = Settings::for_database(&other_db.url);
    partial.llm_base_url = Some(fake.base_url.clone());
    let app = TestApp::spawn(partial).await;
    assert!(matches!(app.state.agent, ChatAgent::Builtin(_)));

    let mut settings = Settings::for_database(&db.url);
    settings.llm_base_url = Some(fake.base_url.clone());
    settings.llm_api_key = Some("sk-test-key".into());
    settings.llm_model = Some("test-model".into());
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;
    assert!(matches!(app.state.agent, ChatAgent::Llm(_)));
    let cookie = app
        .signup("Ada", "ada@example.com", "correct horse battery")
        .await;
    let response = app
        .post_as(
            Some(&cookie),
            "/api/chat_send",
            &[("text", "please add buy milk")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let kinds: Vec<String> = chat_events(&body)
        .iter()
        .map(|event| event["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "started",
            "tool_started",
            "tool_finished",
            "text",
            "text",
            "done"
        ],
        "{body}"
    );
    assert!(body.contains(r#""changed":true"#), "{body}");
    assert_eq!(fake.requests().len(), 2);

    // A malformed base URL stops the start with a sentence.
    let mut broken = Settings::for_database(&db.url);
    broken.llm_base_url = Some("api.openai.com/v1".into());
    broken.llm_api_key = Some("sk-test-key".into());
    broken.llm_model = Some("m".into());
    let error = taskpilot::startup::Application::build(broken)
        .await
        .err()
        .expect("a malformed LLM_BASE_URL is refused");
    assert!(error.0.contains("LLM_BASE_URL"), "{}", error.0);
    assert!(!error.0.contains("sk-test-key"));
}

/// The stop button drops the connection: the agent stops reading the model, adds nothing more
/// and does not fall back.
async fn stop_ends_the_turn_while_the_model_streams(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let ada = make_user(&conn, "Ada").await;
    let fake = Fake::start(vec![openai_stall()]).await;
    // A stall timeout far longer than the test: only the stop can end this turn soon.
    let llm = llm_agent(LlmSettings {
        stall: Duration::from_secs(600),
        timeout: Duration::from_secs(600),
        ..settings(&fake.base_url)
    });
    let (events, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let running = tokio::spawn(async move {
        service::run_turn(
            &conn,
            ada,
            None,
            "add a task to buy milk",
            now(),
            &llm,
            Some(events),
        )
        .await
    });
    // Read until the first text arrives, then go away.
    while let Some(event) = receiver.recv().await {
        if matches!(event, app::chat::ChatEvent::Text { .. }) {
            break;
        }
    }
    drop(receiver);
    let outcome = running.await.unwrap().expect("the turn ends");
    assert_eq!(
        outcome.reply.content, "Let me check.  (stopped)",
        "{engine:?}"
    );
    assert!(!outcome.changed);
}

/// When the model fails after a tool already changed tasks, the built-in agent does not answer
/// the same words again (it would add the task twice); the reply says what happened.
async fn a_failure_after_a_change_does_not_repeat_it(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let ada = make_user(&conn, "Ada").await;
    let fake = Fake::start(vec![
        openai_tool_calls(&[("add_task", r#"{"title":"Buy milk"}"#)]),
        Scripted::Status(400, r#"{"error":{"message":"Invalid 'messages[3]'"}}"#),
    ])
    .await;
    let outcome = turn(
        &conn,
        ada,
        None,
        "add a task to buy milk",
        &agent(&fake.base_url),
    )
    .await;
    assert!(
        outcome.reply.content.starts_with(
            "The language model stopped answering: it refused the request (HTTP 400): Invalid 'messages[3]'."
        ),
        "{engine:?}: {:?}",
        outcome.reply.content
    );
    assert!(outcome.changed);
    let page = tasks::list(&conn, ada, &TaskQuery::default(), now())
        .await
        .unwrap();
    assert_eq!(page.total, 1, "{engine:?}: added once");
}
