//! The MCP endpoint end to end, on SQLite and PostgreSQL: a JSON-RPC client over HTTP against the
//! real server initializes, lists the task tools and calls them for the token's user; missing,
//! wrong and revoked tokens get 401; one user's token never reaches another's tasks; Host headers
//! follow APP_URL; tokens are created and revoked through the account page's server functions and
//! stored only as hashes.

use crate::helpers::{on_both_engines, Engine, TestApp, TestDb};
use app::auth::timezone::local_now;
use app::db::api_token;
use app::mcp::service as tokens;
use app::tasks::service as tasks;
use app::tasks::tools::Tool;
use app::tasks::TaskQuery;
use chrono::Utc;
use sea_orm::EntityTrait;
use serde_json::{json, Value};
use uuid::Uuid;

on_both_engines!(
    an_mcp_client_lists_and_calls_the_task_tools,
    missing_wrong_and_revoked_tokens_are_refused,
    one_users_token_never_reaches_anothers_tasks,
    tokens_are_created_and_revoked_from_the_account_page
);

const PROTOCOL: &str = "2025-06-18";

/// A plain JSON-RPC client for the streamable HTTP transport (stateless, JSON answers).
struct Mcp<'a> {
    app: &'a TestApp,
    token: Option<String>,
    host: Option<String>,
}

impl<'a> Mcp<'a> {
    fn new(app: &'a TestApp, token: &str) -> Self {
        Mcp {
            app,
            token: Some(token.to_owned()),
            host: None,
        }
    }

    async fn post(&self, body: Value) -> reqwest::Response {
        let mut request = self
            .app
            .bare
            .post(self.app.url("/mcp"))
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", PROTOCOL)
            .json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(host) = &self.host {
            request = request.header("Host", host);
        }
        request.send().await.expect("the server answers")
    }

    /// Sends a request and returns its `result` (panics on a JSON-RPC error).
    async fn call(&self, method: &str, params: Value) -> Value {
        let response = self
            .post(json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
            .await;
        assert_eq!(response.status(), 200, "{method}");
        let body: Value = response.json().await.expect("a JSON answer");
        assert!(body.get("error").is_none(), "{method}: {body}");
        body["result"].clone()
    }

    async fn initialize(&self) -> Value {
        let result = self
            .call(
                "initialize",
                json!({
                    "protocolVersion": PROTOCOL,
                    "capabilities": {},
                    "clientInfo": {"name": "taskpilot-tests", "version": "1"},
                }),
            )
            .await;
        let ack = self
            .post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        assert_eq!(ack.status(), 202);
        result
    }

    async fn tool(&self, name: &str, arguments: Value) -> Value {
        self.call("tools/call", json!({"name": name, "arguments": arguments}))
            .await
    }
}

/// Signs up through HTTP; returns the session cookie and the user's id.
async fn user(app: &TestApp, name: &str) -> (String, Uuid) {
    let email = format!("{}@example.com", name.to_lowercase());
    let cookie = app.signup(name, &email, "correct horse battery").await;
    let me: Value = app
        .post_as(Some(&cookie), "/api/me", &[])
        .await
        .json()
        .await
        .unwrap();
    let id = me["id"].as_str().unwrap().parse().unwrap();
    (cookie, id)
}

async fn token_for(app: &TestApp, user_id: Uuid) -> String {
    let conn = app.app_db.conn().unwrap();
    tokens::create(conn, user_id, "Tests", Utc::now())
        .await
        .unwrap()
        .1
}

async fn titles(app: &TestApp, user_id: Uuid) -> Vec<String> {
    let conn = app.app_db.conn().unwrap();
    let now = local_now("Europe/Paris");
    let query = TaskQuery {
        per_page: 50,
        ..TaskQuery::default()
    };
    let page = tasks::list(conn, user_id, &query, now).await.unwrap();
    page.tasks.into_iter().map(|t| t.title).collect()
}

async fn an_mcp_client_lists_and_calls_the_task_tools(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let (_, alice) = user(&app, "Alice").await;
    let mcp = Mcp::new(&app, &token_for(&app, alice).await);

    let init = mcp.initialize().await;
    assert_eq!(init["serverInfo"]["name"], "taskpilot", "{engine:?}");
    assert!(init["capabilities"]["tools"].is_object(), "{init}");
    assert_eq!(mcp.call("ping", json!({})).await, json!({}));

    let listed = mcp.call("tools/list", json!({})).await;
    let names: Vec<&str> = listed["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, Tool::ALL.map(Tool::name), "{engine:?}");
    let add = &listed["tools"][0];
    assert_eq!(add["inputSchema"]["required"], json!(["title"]));

    let added = mcp
        .tool(
            "add_task",
            json!({"title": "Renew passport", "priority": "high", "due": "2030-01-15"}),
        )
        .await;
    assert_eq!(added["isError"], false, "{added}");
    assert!(
        added["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Renew passport"),
        "{added}"
    );
    assert_eq!(titles(&app, alice).await, ["Renew passport"], "{engine:?}");

    let listed = mcp.tool("list_tasks", json!({})).await;
    assert_eq!(listed["isError"], false, "{listed}");
    let found = &listed["structuredContent"]["tasks"];
    assert_eq!(found.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(found[0]["title"], "Renew passport");
    assert_eq!(found[0]["number"], 1);
    assert_eq!(found[0]["priority"], "high");

    // A refused call is a tool error the model can read, not a protocol error.
    let refused = mcp.tool("complete_task", json!({"number": 42})).await;
    assert_eq!(refused["isError"], true, "{refused}");
    let done = mcp.tool("complete_task", json!({"number": "#1"})).await;
    assert_eq!(done["isError"], false, "{done}");
    let bad = mcp.tool("add_task", json!({"priority": "high"})).await;
    assert_eq!(bad["isError"], true, "{bad}");

    // An unknown tool is a JSON-RPC error.
    let response = mcp
        .post(json!({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "drop_tables", "arguments": {}}}))
        .await;
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].is_object(), "{body}");
}

async fn missing_wrong_and_revoked_tokens_are_refused(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let (_, alice) = user(&app, "Alice").await;
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});

    let anonymous = Mcp {
        app: &app,
        token: None,
        host: None,
    };
    let response = anonymous.post(ping.clone()).await;
    assert_eq!(response.status(), 401, "{engine:?}");
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("Bearer"), "{challenge}");

    let wrong = Mcp::new(
        &app,
        "tp_0000000000000000000000000000000000000000000000000000000000000000",
    );
    assert_eq!(wrong.post(ping.clone()).await.status(), 401);
    assert_eq!(
        Mcp::new(&app, "nonsense").post(ping.clone()).await.status(),
        401
    );

    let conn = app.app_db.conn().unwrap();
    let (info, token) = tokens::create(conn, alice, "Laptop", Utc::now())
        .await
        .unwrap();
    let mcp = Mcp::new(&app, &token);
    assert_eq!(mcp.post(ping.clone()).await.status(), 200);
    let used = api_token::Entity::find_by_id(info.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert!(
        used.last_used_at.is_some(),
        "{engine:?}: last use not noted"
    );

    tokens::revoke(conn, alice, info.id).await.unwrap();
    let response = mcp.post(ping.clone()).await;
    assert_eq!(
        response.status(),
        401,
        "{engine:?}: a revoked token still works"
    );
    assert!(response.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
}

async fn one_users_token_never_reaches_anothers_tasks(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let (_, alice) = user(&app, "Alice").await;
    let (_, bob) = user(&app, "Bob").await;
    let as_alice = Mcp::new(&app, &token_for(&app, alice).await);
    let as_bob = Mcp::new(&app, &token_for(&app, bob).await);

    as_alice
        .tool("add_task", json!({"title": "Alice's secret"}))
        .await;

    let listed = as_bob.tool("list_tasks", json!({})).await;
    assert_eq!(
        listed["structuredContent"]["tasks"],
        json!([]),
        "{engine:?}"
    );
    for (tool, args) in [
        ("complete_task", json!({"number": 1})),
        ("update_task", json!({"number": 1, "title": "Bob was here"})),
        ("delete_task", json!({"number": 1})),
    ] {
        let result = as_bob.tool(tool, args).await;
        assert_eq!(result["isError"], true, "{engine:?} {tool}: {result}");
    }
    // Naming another user in the arguments changes nothing: the token decides.
    as_bob
        .tool(
            "add_task",
            json!({"title": "Bob's own", "user_id": alice.to_string()}),
        )
        .await;
    let deleted = as_bob
        .tool("delete_tasks", json!({"status": "all", "confirmed": true}))
        .await;
    assert_eq!(deleted["isError"], false, "{deleted}");

    assert_eq!(titles(&app, alice).await, ["Alice's secret"], "{engine:?}");
    assert!(titles(&app, bob).await.is_empty(), "{engine:?}");
}

#[tokio::test]
async fn host_headers_follow_app_url_and_no_origin_is_needed() {
    let db = TestDb::new(Engine::Sqlite).await;
    let mut settings = taskpilot::config::Settings::for_database(&db.url);
    settings.app_url = url::Url::parse("https://tasks.example.com").unwrap();
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;
    let (_, alice) = user_on_https(&app).await;
    let token = token_for(&app, alice).await;
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});

    let mut mcp = Mcp::new(&app, &token);
    mcp.host = Some("tasks.example.com".into());
    assert_eq!(mcp.post(ping.clone()).await.status(), 200);

    mcp.host = Some("evil.example".into());
    assert_eq!(mcp.post(ping.clone()).await.status(), 403);

    // Loopback names stay usable (the tests and the machine itself use them).
    mcp.host = None;
    assert_eq!(mcp.post(ping.clone()).await.status(), 200);

    // A page on another site cannot drive the endpoint from a browser.
    let response = app
        .bare
        .post(app.url("/mcp"))
        .header("Accept", "application/json, text/event-stream")
        .header("Origin", "https://evil.example")
        .bearer_auth(&token)
        .json(&ping)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

/// Sign-up with an https APP_URL: the cookie is `__Host-` and Secure, so skip the browser flow
/// and create the user through the service.
async fn user_on_https(app: &TestApp) -> (String, Uuid) {
    let conn = app.app_db.conn().unwrap();
    let user = app::auth::service::create_user(
        conn,
        &app.state.auth.hasher,
        app::auth::validate::Name::parse("Alice").unwrap(),
        app::auth::validate::Email::parse("alice@example.com").unwrap(),
        app::auth::validate::Password::parse("correct horse battery".into()).unwrap(),
        "UTC",
    )
    .await
    .unwrap();
    (String::new(), user.id)
}

async fn tokens_are_created_and_revoked_from_the_account_page(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let (cookie, alice) = user(&app, "Alice").await;
    let (bob_cookie, _) = user(&app, "Bob").await;

    let refused = app
        .post_as(None, "/api/mcp_token_create", &[("token_name", "Laptop")])
        .await;
    assert_eq!(refused.status(), 401, "{engine:?}");
    let empty = app
        .post_as(
            Some(&cookie),
            "/api/mcp_token_create",
            &[("token_name", "  ")],
        )
        .await;
    assert_eq!(empty.status(), 422, "{engine:?}");
    let error: Value = empty.json().await.unwrap();
    assert_eq!(
        error["Validation"]["fields"][0]["field"], "token_name",
        "{error}"
    );

    let response = app
        .post_as(
            Some(&cookie),
            "/api/mcp_token_create",
            &[("token_name", "Claude Desktop")],
        )
        .await;
    assert_eq!(response.status(), 200, "{engine:?}");
    let created: Value = response.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    let id = created["info"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["mcp_url"], "http://127.0.0.1:3000/mcp");
    assert!(token.starts_with("tp_"));

    // Only the hash is stored.
    let conn = app.app_db.conn().unwrap();
    let rows = api_token::Entity::find().all(conn).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].user_id, alice);
    assert_eq!(rows[0].token_hash, tokens::hash_token(&token));
    let stored = format!("{:?}", rows[0]);
    assert!(
        !stored.contains(&token[3..]),
        "{engine:?}: the raw token is in the table"
    );

    let mcp = Mcp::new(&app, &token);
    mcp.tool("add_task", json!({"title": "From the assistant"}))
        .await;
    assert_eq!(titles(&app, alice).await, ["From the assistant"]);

    let listed: Value = app
        .post_as(Some(&cookie), "/api/mcp_tokens", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["name"], "Claude Desktop");
    assert!(listed[0]["last_used_at"].is_string(), "{listed}");
    assert!(listed[0].get("token").is_none() && listed[0].get("token_hash").is_none());

    // Bob can neither see nor revoke Alice's token.
    let bobs: Value = app
        .post_as(Some(&bob_cookie), "/api/mcp_tokens", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bobs, json!([]));
    let response = app
        .post_as(Some(&bob_cookie), "/api/mcp_token_revoke", &[("id", &id)])
        .await;
    assert_eq!(response.status(), 404, "{engine:?}");
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});
    assert_eq!(mcp.post(ping.clone()).await.status(), 200);

    let response = app
        .post_as(Some(&cookie), "/api/mcp_token_revoke", &[("id", &id)])
        .await;
    assert_eq!(response.status(), 200, "{engine:?}");
    assert_eq!(mcp.post(ping).await.status(), 401, "{engine:?}");

    // The session cookie alone opens nothing on /mcp.
    let response = app
        .bare
        .post(app.url("/mcp"))
        .header("Accept", "application/json, text/event-stream")
        .header("Cookie", &cookie)
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

async fn account_page(app: &TestApp, cookie: &str) -> String {
    let response = app.get_as(Some(cookie), "/account").await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The `value` of the input whose data-testid is `testid`.
fn input_value(html: &str, testid: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"{testid}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let value = tag.split("value=\"").nth(1)?;
    Some(value[..value.find('"')?].to_owned())
}

#[tokio::test]
async fn the_account_page_creates_a_token_without_javascript_and_shows_it_once() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let (cookie, alice) = user(&app, "Alice").await;

    let page = account_page(&app, &cookie).await;
    assert!(page.contains("Connect an assistant (MCP)"));
    assert!(page.contains("No tokens yet."));
    assert_eq!(
        page.matches("id=\"field-name\"").count(),
        1,
        "duplicate field ids"
    );

    // With JavaScript the value comes back in the answer only; nothing waits in the session.
    let response = app
        .post_as(
            Some(&cookie),
            "/api/mcp_token_create",
            &[("token_name", "Scripted")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = account_page(&app, &cookie).await;
    assert_eq!(input_value(&page, "mcp-token"), None);
    assert!(page.contains("Scripted"));

    // A plain HTML form post is redirected back; the next page shows the token once.
    let response = app
        .bare
        .post(app.url("/api/mcp_token_create"))
        .header("Origin", "http://127.0.0.1:3000")
        .header("Accept", "text/html")
        .header("Referer", "http://127.0.0.1:3000/account")
        .header("Cookie", &cookie)
        .form(&[("token_name", "No script")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let conn = app.app_db.conn().unwrap();
    let sessions = app::db::session::Entity::find().all(conn).await.unwrap();

    let page = account_page(&app, &cookie).await;
    let token = input_value(&page, "mcp-token").expect("the new token is shown");
    assert!(token.starts_with("tp_"), "{token}");
    assert_eq!(
        input_value(&page, "mcp-url").as_deref(),
        Some("http://127.0.0.1:3000/mcp")
    );
    assert!(page.contains("Authorization: Bearer"));
    for session in sessions {
        assert!(
            !session.data.contains(&token[3..]),
            "the raw token sat in the session table"
        );
    }
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});
    assert_eq!(
        Mcp::new(&app, &token).post(ping.clone()).await.status(),
        200
    );
    let owner = api_token::Entity::find().all(conn).await.unwrap();
    assert!(owner.iter().all(|t| t.user_id == alice));

    let again = account_page(&app, &cookie).await;
    assert_eq!(input_value(&again, "mcp-token"), None, "shown twice");
    assert!(again.contains("No script") && again.contains("Revoke"));
}
