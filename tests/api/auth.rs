//! Accounts and sessions through the real router, on SQLite and PostgreSQL.

use std::time::Duration;

use crate::helpers::{on_both_engines, session_cookie, Engine, ServerProcess, TestApp, TestDb};
use app::db::{conversation, message, session, task, user};
use app::error::AppError;
use app::tasks::Priority;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use taskpilot::config::Settings;

on_both_engines!(
    signup_login_logout_and_replayed_cookies,
    unknown_email_and_wrong_password_look_and_cost_the_same,
    password_change_ends_other_sessions_and_rotates_this_one,
    deleting_the_account_removes_everything_of_it,
    idle_and_absolute_session_limits_are_enforced_and_purged,
    the_user_is_read_with_the_session_fresh_each_time_and_never_stored_in_it
);

const PASSWORD: &str = "correct horse battery";

async fn error_of(response: reqwest::Response) -> (u16, AppError) {
    let status = response.status().as_u16();
    (
        status,
        response.json().await.expect("a typed AppError body"),
    )
}

async fn sessions_of(app: &TestApp, email: &str) -> u64 {
    let conn = app.app_db.conn().unwrap();
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(conn)
        .await
        .unwrap()
        .expect("the user exists");
    session::Entity::find()
        .filter(session::Column::UserId.eq(user.id))
        .count(conn)
        .await
        .unwrap()
}

async fn signup_login_logout_and_replayed_cookies(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;

    let signed_up = app.signup("Ada", "  Ada@Example.com ", PASSWORD).await;
    assert_eq!(
        app.whoami(Some(&signed_up)).await.as_deref(),
        Some("ada@example.com"),
        "{engine:?}"
    );

    // The stored hash is argon2id with the OWASP parameters; the timezone came from the browser.
    let conn = app.app_db.conn().unwrap();
    let stored = user::Entity::find().one(conn).await.unwrap().unwrap();
    assert!(
        stored
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        stored.password_hash
    );
    assert_eq!(stored.timezone, "Europe/Paris");

    // Login from the same browser rotates the session id; the old cookie is signed out.
    let response = app
        .login(Some(&signed_up), "ada@example.com", PASSWORD)
        .await;
    assert!(
        response.status().is_success(),
        "{engine:?}: {}",
        response.status()
    );
    let logged_in = session_cookie(&response).expect("a new cookie");
    assert_ne!(logged_in, signed_up);
    assert_eq!(
        app.whoami(Some(&signed_up)).await,
        None,
        "{engine:?}: the pre-login cookie still works"
    );
    assert_eq!(
        app.whoami(Some(&logged_in)).await.as_deref(),
        Some("ada@example.com")
    );

    // Logout deletes the row; replaying the cookie afterwards is signed out.
    assert_eq!(sessions_of(&app, "ada@example.com").await, 1);
    let response = app.post_as(Some(&logged_in), "/api/logout", &[]).await;
    assert!(response.status().is_success());
    assert_eq!(sessions_of(&app, "ada@example.com").await, 0, "{engine:?}");
    assert_eq!(app.whoami(Some(&logged_in)).await, None);
}

#[tokio::test]
async fn signup_errors_are_per_field_and_duplicate_emails_are_named() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let response = app
        .post_as(
            None,
            "/api/signup",
            &[
                ("name", " "),
                ("email", "nope"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    let (status, error) = error_of(response).await;
    assert_eq!(status, 422);
    assert!(error.field_message("name").is_some());
    assert!(error.field_message("email").is_some());
    assert_eq!(
        error.field_message("password"),
        Some("Use at least 8 characters.")
    );

    app.signup("Ada", "ada@example.com", PASSWORD).await;
    let response = app
        .post_as(
            None,
            "/api/signup",
            &[
                ("name", "Ada 2"),
                ("email", "ADA@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    let (status, error) = error_of(response).await;
    assert_eq!(status, 422);
    assert!(error
        .field_message("email")
        .unwrap()
        .contains("already exists"));
}

async fn unknown_email_and_wrong_password_look_and_cost_the_same(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    app.signup("Ada", "ada@example.com", PASSWORD).await;
    let hasher = &app.state.auth.hasher;

    let before = hasher.verifications();
    let unknown = error_of(app.login(None, "nobody@example.com", PASSWORD).await).await;
    assert_eq!(
        hasher.verifications(),
        before + 1,
        "{engine:?}: unknown email skipped the verify"
    );

    let before = hasher.verifications();
    let wrong = error_of(app.login(None, "ada@example.com", "not the password").await).await;
    assert_eq!(hasher.verifications(), before + 1);

    assert_eq!(unknown, wrong);
    assert_eq!(unknown, (401, AppError::InvalidCredentials));
}

#[tokio::test]
async fn password_lengths_at_the_limits() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let eight = "8chars!!";
    let longest = "é".repeat(512); // 1,024 bytes
    for (i, password) in [eight.to_owned(), longest.clone()].iter().enumerate() {
        let email = format!("user{i}@example.com");
        app.signup("User", &email, password).await;
        let response = app.login(None, &email, password).await;
        assert!(response.status().is_success(), "{} bytes", password.len());
    }

    // 1,025 bytes: refused before any hashing, at sign-up and at login.
    let too_long = format!("{longest}x");
    let response = app
        .post_as(
            None,
            "/api/signup",
            &[
                ("name", "U"),
                ("email", "long@example.com"),
                ("password", &too_long),
                ("password_confirm", &too_long),
            ],
        )
        .await;
    let (status, error) = error_of(response).await;
    assert_eq!(status, 422);
    assert!(error.field_message("password").unwrap().contains("1024"));
    let before = app.state.auth.hasher.verifications();
    let (status, _) = error_of(app.login(None, "user0@example.com", &too_long).await).await;
    assert_eq!(status, 401);
    assert_eq!(
        app.state.auth.hasher.verifications(),
        before,
        "a 1,025-byte password was hashed"
    );
}

async fn password_change_ends_other_sessions_and_rotates_this_one(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let laptop = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let phone = session_cookie(&app.login(None, "ada@example.com", PASSWORD).await).unwrap();
    assert_eq!(sessions_of(&app, "ada@example.com").await, 2);

    let response = app
        .post_as(
            Some(&laptop),
            "/api/account_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new passphrase"),
                ("new_password_confirm", "a new passphrase"),
            ],
        )
        .await;
    assert!(
        response.status().is_success(),
        "{engine:?}: {}",
        response.status()
    );
    let laptop_now = session_cookie(&response).expect("the id is rotated");
    assert_ne!(laptop_now, laptop);
    assert_eq!(
        app.whoami(Some(&phone)).await,
        None,
        "{engine:?}: the other session survived"
    );
    assert_eq!(
        app.whoami(Some(&laptop)).await,
        None,
        "{engine:?}: the old id still works"
    );
    assert_eq!(
        app.whoami(Some(&laptop_now)).await.as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(sessions_of(&app, "ada@example.com").await, 1);

    // The old password no longer works; the new one does.
    assert_eq!(
        error_of(app.login(None, "ada@example.com", PASSWORD).await)
            .await
            .0,
        401
    );
    assert!(app
        .login(None, "ada@example.com", "a new passphrase")
        .await
        .status()
        .is_success());

    // A wrong current password changes nothing.
    let response = app
        .post_as(
            Some(&laptop_now),
            "/api/account_password",
            &[
                ("current_password", "guess"),
                ("new_password", "whatever123"),
                ("new_password_confirm", "whatever123"),
            ],
        )
        .await;
    let (status, error) = error_of(response).await;
    assert_eq!(status, 422);
    assert!(error.field_message("current_password").is_some());
}

#[tokio::test]
async fn sessions_are_listed_and_ended_per_user() {
    let db = TestDb::new(Engine::Postgres).await;
    let app = TestApp::spawn_on(&db).await;
    let here = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let _other = session_cookie(&app.login(None, "ada@example.com", PASSWORD).await).unwrap();
    let mallory = app.signup("Mallory", "mallory@example.com", PASSWORD).await;

    let list: serde_json::Value = app
        .post_as(Some(&here), "/api/account_sessions", &[])
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["this_device"] == true).count(), 1);
    let other_key = list.iter().find(|s| s["this_device"] == false).unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();

    // Someone else cannot end Ada's session: it looks like a missing one.
    let (status, _) = error_of(
        app.post_as(
            Some(&mallory),
            "/api/account_sessions_end",
            &[("key", &other_key)],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    assert!(app
        .post_as(
            Some(&here),
            "/api/account_sessions_end",
            &[("key", &other_key)]
        )
        .await
        .status()
        .is_success());
    assert_eq!(sessions_of(&app, "ada@example.com").await, 1);

    let _again = app.login(None, "ada@example.com", PASSWORD).await;
    let ended: u64 = app
        .post_as(Some(&here), "/api/account_sessions_end_others", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended, 1);
    assert_eq!(
        app.whoami(Some(&here)).await.as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(
        sessions_of(&app, "mallory@example.com").await,
        1,
        "another user's sessions were touched"
    );

    // Signed out, the account functions say so.
    let (status, error) = error_of(app.post_as(None, "/api/account_sessions", &[]).await).await;
    assert_eq!((status, error), (401, AppError::Unauthorized));
}

async fn deleting_the_account_removes_everything_of_it(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let cookie = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let keep = app.signup("Bob", "bob@example.com", PASSWORD).await;
    let conn = app.app_db.conn().unwrap();
    let ada = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    task::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(ada.id),
        number: Set(1),
        title: Set("Pay rent".into()),
        description: Set(String::new()),
        completed: Set(false),
        priority: Set(Priority::High.stored()),
        due_date: Set(None),
        due_time: Set(None),
        tags: Set("[]".into()),
        created_at: Set(now),
        updated_at: Set(now),
        completed_at: Set(None),
    }
    .insert(conn)
    .await
    .unwrap();
    let chat = conversation::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(ada.id),
        title: Set("Chat".into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await
    .unwrap();
    message::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        conversation_id: Set(chat.id),
        role: Set("user".into()),
        content: Set("hi".into()),
        tool_calls: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await
    .unwrap();

    // The wrong password deletes nothing.
    let (status, _) = error_of(
        app.post_as(
            Some(&cookie),
            "/api/account_delete",
            &[("password", "nope nope")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(task::Entity::find().count(conn).await.unwrap(), 1);

    let response = app
        .post_as(
            Some(&cookie),
            "/api/account_delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert!(response.status().is_success(), "{engine:?}");
    assert_eq!(
        user::Entity::find().count(conn).await.unwrap(),
        1,
        "{engine:?}"
    );
    assert_eq!(task::Entity::find().count(conn).await.unwrap(), 0);
    assert_eq!(conversation::Entity::find().count(conn).await.unwrap(), 0);
    assert_eq!(message::Entity::find().count(conn).await.unwrap(), 0);
    assert_eq!(
        session::Entity::find()
            .filter(session::Column::UserId.eq(ada.id))
            .count(conn)
            .await
            .unwrap(),
        0
    );
    assert_eq!(app.whoami(Some(&cookie)).await, None);
    assert_eq!(
        app.whoami(Some(&keep)).await.as_deref(),
        Some("bob@example.com")
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let cookie = app.signup("Ada", "ada@example.com", PASSWORD).await;
    for (origin, fetch_site) in [
        (Some("https://evil.example"), Some("cross-site")),
        (Some("https://evil.example"), None),
        (None, Some("cross-site")),
    ] {
        let mut request = app
            .bare
            .post(app.url("/api/logout"))
            .header("Cookie", &cookie);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("Sec-Fetch-Site", site);
        }
        let (status, error) = error_of(request.send().await.unwrap()).await;
        assert_eq!(
            (status, error),
            (403, AppError::Forbidden),
            "{origin:?} {fetch_site:?}"
        );
    }
    assert_eq!(
        app.whoami(Some(&cookie)).await.as_deref(),
        Some("ada@example.com"),
        "a refused logout still logged out"
    );
    // State never changes by GET: the server function is not reachable that way.
    let response = app
        .bare
        .get(app.url("/api/logout"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 200);
    assert_eq!(
        app.whoami(Some(&cookie)).await.as_deref(),
        Some("ada@example.com")
    );
}

#[tokio::test]
async fn rate_limits_answer_429_with_a_wait() {
    let db = TestDb::new(Engine::Sqlite).await;
    let mut settings = Settings::for_database(&db.url);
    settings.auth_attempts_per_minute = 4;
    settings.login_failures_before_lock = 2;
    let app = TestApp::spawn(settings).await;
    app.wait_until_ready().await;
    app.signup("Ada", "ada@example.com", PASSWORD).await;

    // Two failures lock the account, even for the right password; the message says how long.
    assert_eq!(
        error_of(app.login(None, "ada@example.com", "wrong one").await)
            .await
            .0,
        401
    );
    assert_eq!(
        error_of(app.login(None, "ada@example.com", "wrong two").await)
            .await
            .0,
        401
    );
    let (status, error) = error_of(app.login(None, "ada@example.com", PASSWORD).await).await;
    assert_eq!(status, 429);
    match error {
        AppError::RateLimited { retry_after_secs } => {
            assert!(
                retry_after_secs > 800 && retry_after_secs <= 900,
                "{retry_after_secs}"
            );
            assert!(error
                .to_string()
                .starts_with("Too many attempts. Try again in"));
        }
        other => panic!("{other:?}"),
    }

    // The fifth attempt from this address within a minute is refused outright.
    let (status, error) = error_of(app.login(None, "other@example.com", PASSWORD).await).await;
    assert_eq!(status, 429);
    assert!(matches!(error, AppError::RateLimited { retry_after_secs } if retry_after_secs <= 60));
}

#[tokio::test]
async fn protected_pages_redirect_to_login_and_auth_pages_redirect_away() {
    let db = TestDb::new(Engine::Sqlite).await;
    let app = TestApp::spawn_on(&db).await;
    let response = app.get_as(None, "/account").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/auth/login?next=/account");

    let cookie = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let response = app.get_as(Some(&cookie), "/account").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Ada"),
        "the navbar names the user on the first byte"
    );
    assert!(html.contains("Where you"));

    let response = app.get_as(Some(&cookie), "/auth/login").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/dashboard");

    // `next` never leaves the site.
    let response = app
        .bare
        .post(app.url("/api/login"))
        .header("Origin", "http://127.0.0.1:3000")
        .header("Accept", "text/html")
        .form(&[
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("next", "//evil.example/x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/dashboard",
        "`next` off the site falls back to the dashboard"
    );
}

/// Two server processes on one PostgreSQL database, as behind a load balancer.
#[tokio::test]
async fn two_processes_share_sessions() {
    let db = TestDb::new(Engine::Postgres).await;
    let servers: Vec<ServerProcess> = (0..2)
        .map(|_| ServerProcess::start(&db.url, &[("APP_URL", "http://127.0.0.1:3000")]))
        .collect();
    let addresses: Vec<String> = servers.iter().map(|s| s.address.clone()).collect();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for server in &servers {
        server.wait_until_ready().await;
    }
    let post = |address: &str, path: &str, cookie: Option<&str>, form: &[(&str, &str)]| {
        let mut request = client
            .post(format!("{address}{path}"))
            .header("Origin", "http://127.0.0.1:3000")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        request.send()
    };
    let who = |address: String, cookie: String| {
        let request = post(&address, "/api/me", Some(&cookie), &[]);
        async move {
            let body: serde_json::Value = request.await.unwrap().json().await.unwrap();
            body["email"].as_str().map(str::to_owned)
        }
    };
    let response = post(
        &addresses[0],
        "/api/signup",
        None,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await
    .unwrap();
    assert!(response.status().is_success());
    let cookie = session_cookie(&response).unwrap();
    assert_eq!(
        who(addresses[1].clone(), cookie.clone()).await.as_deref(),
        Some("ada@example.com")
    );

    let response = post(&addresses[1], "/api/logout", Some(&cookie), &[])
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(who(addresses[0].clone(), cookie.clone()).await, None);
    assert_eq!(who(addresses[1].clone(), cookie).await, None);
    drop(servers);
}

async fn idle_and_absolute_session_limits_are_enforced_and_purged(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let idle = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let old = session_cookie(&app.login(None, "ada@example.com", PASSWORD).await).unwrap();
    let fresh = session_cookie(&app.login(None, "ada@example.com", PASSWORD).await).unwrap();
    let conn = app.app_db.conn().unwrap();
    let rows = session::Entity::find().all(conn).await.unwrap();
    assert_eq!(rows.len(), 3);
    let key_of = |cookie: &str| {
        let id: tower_sessions::session::Id =
            cookie.trim_start_matches("taskpilot=").parse().unwrap();
        app::auth::session_store::hash_session_id(&id)
    };
    // One session went unused past its idle expiry, one began 31 days ago.
    let mut expired: session::ActiveModel = session::Entity::find_by_id(key_of(&idle))
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .into();
    expired.expires_at = Set(Utc::now() - chrono::Duration::minutes(1));
    expired.update(conn).await.unwrap();
    let mut ancient: session::ActiveModel = session::Entity::find_by_id(key_of(&old))
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .into();
    ancient.created_at = Set(Utc::now() - chrono::Duration::days(31));
    ancient.update(conn).await.unwrap();

    assert_eq!(
        app.whoami(Some(&idle)).await,
        None,
        "{engine:?}: idle timeout not enforced"
    );
    assert_eq!(
        app.whoami(Some(&old)).await,
        None,
        "{engine:?}: absolute lifetime not enforced"
    );
    assert_eq!(
        app.whoami(Some(&fresh)).await.as_deref(),
        Some("ada@example.com")
    );

    let store = app::auth::session_store::DbSessionStore::new(
        app.app_db.clone(),
        Duration::from_secs(30 * 86400),
    );
    assert_eq!(store.purge_expired().await.unwrap(), 2, "{engine:?}");
    assert_eq!(session::Entity::find().count(conn).await.unwrap(), 1);
}

async fn the_user_is_read_with_the_session_fresh_each_time_and_never_stored_in_it(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let laptop = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let phone = session_cookie(&app.login(None, "ada@example.com", PASSWORD).await).unwrap();
    let name_on = async |cookie: &str| {
        let me: serde_json::Value = app
            .post_as(Some(cookie), "/api/me", &[])
            .await
            .json()
            .await
            .unwrap();
        me["name"].as_str().map(str::to_owned)
    };
    assert_eq!(name_on(&phone).await.as_deref(), Some("Ada"));

    // A new name given on one device shows on the other at once.
    let renamed = app
        .post_as(
            Some(&laptop),
            "/api/account_name",
            &[("name", "Ada Lovelace")],
        )
        .await;
    assert_eq!(renamed.status(), 200, "{engine:?}");
    assert_eq!(
        name_on(&phone).await.as_deref(),
        Some("Ada Lovelace"),
        "{engine:?}"
    );

    // Both sessions were written back since they were first read (each request marks its
    // session as seen), and what is stored is the session's own data only.
    let conn = app.app_db.conn().unwrap();
    for row in session::Entity::find().all(conn).await.unwrap() {
        assert!(
            !row.data.contains(app::auth::session_store::LOADED_USER_KEY)
                && !row.data.contains("ada@example.com"),
            "{engine:?}: {}",
            row.data
        );
        assert!(row.data.contains("seen"), "{engine:?}: {}", row.data);
    }
}
