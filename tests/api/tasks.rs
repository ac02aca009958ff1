//! The task service on SQLite and PostgreSQL: numbering, validation, ownership, filters, search,
//! sorting and pagination.

use crate::helpers::{create_task, on_both_engines, update_task, Engine, TestApp, TestDb};
use app::db::user;
use app::error::AppError;
use app::tasks::service;
use app::tasks::validate::{PatchDraft, TaskDraft};
use app::tasks::{Due, Priority, SortKey, StatusFilter, TaskQuery, DEFAULT_PER_PAGE, MAX_PER_PAGE};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

on_both_engines!(
    numbers_are_per_user_in_order_and_never_reused,
    concurrent_adds_get_distinct_numbers,
    update_complete_and_reopen,
    bad_input_gets_field_errors_and_saves_nothing,
    another_users_task_behaves_like_a_missing_one,
    filters_search_and_sorting,
    pagination_boundaries,
    server_functions_and_exports_through_http,
    default_order_pages_cross_from_dated_to_undated_tasks,
    the_list_page_marks_only_the_shown_filter_as_current
);

const PASSWORD: &str = "correct horse battery";

/// Wednesday 25 November 2026, 14:00 local.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap()
}

fn due(day: u32, time: Option<(u32, u32)>) -> Option<Due> {
    Some(Due {
        date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
    })
}

fn new(title: &str) -> TaskDraft {
    TaskDraft {
        title: title.into(),
        ..TaskDraft::default()
    }
}

async fn user_id(conn: &DatabaseConnection, email: &str) -> Uuid {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An app with two users, Ada and Bob; returns (app, ada, bob).
async fn setup(db: &TestDb) -> (TestApp, Uuid, Uuid) {
    let app = TestApp::spawn_on(db).await;
    app.signup("Ada", "ada@example.com", PASSWORD).await;
    app.signup("Bob", "bob@example.com", PASSWORD).await;
    let conn = app.app_db.conn().unwrap();
    let ada = user_id(conn, "ada@example.com").await;
    let bob = user_id(conn, "bob@example.com").await;
    (app, ada, bob)
}

async fn numbers_are_per_user_in_order_and_never_reused(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, bob) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    let mut numbers = Vec::new();
    for title in ["One", "Two", "Three"] {
        numbers.push(
            create_task(conn, ada, new(title), now())
                .await
                .unwrap()
                .number,
        );
    }
    assert_eq!(numbers, [1, 2, 3], "{engine:?}");
    assert_eq!(
        create_task(conn, bob, new("Bob's first"), now())
            .await
            .unwrap()
            .number,
        1
    );

    let two = service::get_by_number(conn, ada, 2, now()).await.unwrap();
    let deleted = service::delete(conn, ada, two.id, now()).await.unwrap();
    assert_eq!(
        create_task(conn, ada, new("Four"), now())
            .await
            .unwrap()
            .number,
        4,
        "{engine:?}: a number came back"
    );
    // Undo puts #2 back as it was.
    let restored = service::restore(conn, ada, deleted.clone(), now())
        .await
        .unwrap();
    assert_eq!((restored.number, restored.title.as_str()), (2, "Two"));
    assert!(matches!(
        service::restore(conn, ada, deleted, now()).await,
        Err(AppError::Conflict(_))
    ));
}

async fn concurrent_adds_get_distinct_numbers(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, _) = setup(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let mut handles = Vec::new();
    for i in 0..20 {
        let conn = conn.clone();
        handles.push(tokio::spawn(async move {
            create_task(&conn, ada, new(&format!("Task {i}")), now())
                .await
                .map(|t| t.number)
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        numbers.push(
            h.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{engine:?}: {e:?}")),
        );
    }
    numbers.sort();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>(), "{engine:?}");
}

async fn update_complete_and_reopen(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, _) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    let task = create_task(conn, ada, new("Draft"), now()).await.unwrap();
    let patch = PatchDraft {
        title: Some("  Final   report ".into()),
        description: Some("Pages 1-3".into()),
        priority: Some(Priority::High),
        due: Some(due(24, Some((9, 0)))),
        tags: Some(vec!["#Work".into(), "work".into(), "Q4".into()]),
        completed: None,
    };
    let updated = update_task(conn, ada, task.id, patch, now()).await.unwrap();
    assert_eq!(updated.title, "Final report");
    assert_eq!(updated.description, "Pages 1-3");
    assert_eq!(updated.priority, Priority::High);
    assert_eq!(updated.tags, ["work", "q4"]);
    assert!(updated.overdue, "{engine:?}: due yesterday and open");

    let done = service::set_completed(conn, ada, task.id, true, now())
        .await
        .unwrap();
    assert!(done.completed && done.completed_at.is_some() && !done.overdue);
    let reopened = service::set_completed(conn, ada, task.id, false, now())
        .await
        .unwrap();
    assert!(!reopened.completed && reopened.completed_at.is_none());

    let cleared = update_task(
        conn,
        ada,
        task.id,
        PatchDraft {
            due: Some(None),
            ..PatchDraft::default()
        },
        now(),
    )
    .await
    .unwrap();
    assert_eq!(cleared.due, None);
    assert_eq!(cleared.title, "Final report", "untouched fields stay");
}

async fn bad_input_gets_field_errors_and_saves_nothing(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, _) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    let too_many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let cases: Vec<(TaskDraft, &str)> = vec![
        (new("   "), "title"),
        (new(&"x".repeat(201)), "title"),
        (
            TaskDraft {
                description: "d".repeat(5001),
                ..new("ok")
            },
            "description",
        ),
        (
            TaskDraft {
                tags: too_many,
                ..new("ok")
            },
            "tags",
        ),
        (
            TaskDraft {
                tags: vec!["a".repeat(31)],
                ..new("ok")
            },
            "tags",
        ),
    ];
    for (input, field) in cases {
        let err = create_task(conn, ada, input, now()).await.unwrap_err();
        assert!(
            err.field_message(field).is_some(),
            "{engine:?} {field}: {err:?}"
        );
    }
    assert!(create_task(conn, ada, new(&"x".repeat(200)), now())
        .await
        .is_ok());
    let page = service::list(conn, ada, &TaskQuery::default(), now())
        .await
        .unwrap();
    assert_eq!(page.total, 1, "{engine:?}: a refused task was stored");
    // The number was not burnt by the refused adds either.
    assert_eq!(page.tasks[0].number, 1);

    let err = update_task(
        conn,
        ada,
        page.tasks[0].id,
        PatchDraft {
            title: Some(String::new()),
            ..PatchDraft::default()
        },
        now(),
    )
    .await
    .unwrap_err();
    assert!(err.field_message("title").is_some());
    assert_eq!(
        service::get_by_number(conn, ada, page.tasks[0].number, now())
            .await
            .unwrap()
            .title
            .len(),
        200
    );
}

async fn another_users_task_behaves_like_a_missing_one(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, bob) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    let secret = create_task(conn, ada, new("Ada's secret"), now())
        .await
        .unwrap();
    let missing = |r: Result<app::tasks::Task, AppError>| matches!(r, Err(AppError::NotFound(_)));
    assert!(
        missing(service::get_by_number(conn, bob, secret.number, now()).await),
        "{engine:?}"
    );
    assert!(missing(
        update_task(
            conn,
            bob,
            secret.id,
            PatchDraft {
                title: Some("mine".into()),
                ..PatchDraft::default()
            },
            now()
        )
        .await
    ));
    assert!(missing(
        service::set_completed(conn, bob, secret.id, true, now()).await
    ));
    assert!(missing(service::delete(conn, bob, secret.id, now()).await));
    assert_eq!(
        service::list(conn, bob, &TaskQuery::default(), now())
            .await
            .unwrap()
            .total,
        0
    );
    let still = service::get_by_number(conn, ada, secret.number, now())
        .await
        .unwrap();
    assert_eq!(
        (still.title.as_str(), still.completed),
        ("Ada's secret", false)
    );
}

async fn filters_search_and_sorting(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, bob) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    let add =
        |title: &str, priority: Priority, due: Option<Due>, tags: &[&str], description: &str| {
            TaskDraft {
                title: title.into(),
                description: description.into(),
                priority,
                due,
                tags: tags.iter().map(|t| t.to_string()).collect(),
            }
        };
    for input in [
        add("Pay rent", Priority::High, due(24, None), &["home"], ""), // #1 overdue (yesterday)
        add(
            "Standup",
            Priority::Medium,
            due(25, Some((9, 30))),
            &["work"],
            "",
        ), // #2 overdue (earlier today)
        add(
            "Dentist",
            Priority::Low,
            due(25, Some((16, 0))),
            &[],
            "Bring 50% voucher",
        ), // #3 today, later
        add(
            "Groceries",
            Priority::None,
            due(25, None),
            &["home"],
            "milk, EGGS",
        ), // #4 today
        add(
            "Workshop prep",
            Priority::High,
            due(28, None),
            &["workshop"],
            "",
        ), // #5 future
        add("Read book", Priority::None, None, &[], ""),               // #6 no date
    ] {
        create_task(conn, ada, input, now()).await.unwrap();
    }
    let done = create_task(
        conn,
        ada,
        add("Old chore", Priority::Low, due(20, None), &["home"], ""),
        now(),
    )
    .await
    .unwrap(); // #7
    service::set_completed(conn, ada, done.id, true, now())
        .await
        .unwrap();
    create_task(
        conn,
        bob,
        add("Bob's rent", Priority::High, due(24, None), &["home"], ""),
        now(),
    )
    .await
    .unwrap();

    let numbers = |query: TaskQuery| async move {
        service::list(conn, ada, &query, now())
            .await
            .unwrap()
            .tasks
            .iter()
            .map(|t| t.number)
            .collect::<Vec<_>>()
    };
    let q = |status| TaskQuery {
        status,
        ..TaskQuery::default()
    };
    assert_eq!(
        numbers(q(StatusFilter::All)).await,
        [7, 1, 4, 2, 3, 5, 6],
        "{engine:?}: by due, all-day first, no date last"
    );
    assert_eq!(numbers(q(StatusFilter::Active)).await, [1, 4, 2, 3, 5, 6]);
    assert_eq!(numbers(q(StatusFilter::Completed)).await, [7]);
    assert_eq!(
        numbers(q(StatusFilter::Overdue)).await,
        [1, 2],
        "{engine:?}"
    );
    assert_eq!(numbers(q(StatusFilter::Today)).await, [4, 2, 3]);

    let by = |f: fn(&mut TaskQuery)| {
        let mut query = TaskQuery::default();
        f(&mut query);
        query
    };
    assert_eq!(
        numbers(by(|q| q.priority = Some(Priority::High))).await,
        [1, 5]
    );
    assert_eq!(
        numbers(by(|q| q.tag = Some("work".into()))).await,
        [2],
        "{engine:?}: 'work' matched 'workshop'"
    );
    assert_eq!(
        numbers(by(|q| q.tag = Some("#HOME".into()))).await,
        [7, 1, 4]
    );
    assert_eq!(
        numbers(by(|q| q.search = Some("eggs".into()))).await,
        [4],
        "{engine:?}: search is case-insensitive in descriptions"
    );
    assert_eq!(numbers(by(|q| q.search = Some("50%".into()))).await, [3]);
    assert_eq!(
        numbers(by(|q| q.search = Some("%".into()))).await,
        [3],
        "{engine:?}: % is literal"
    );
    assert_eq!(numbers(by(|q| q.search = Some("REN".into()))).await, [1]);
    assert_eq!(
        numbers(by(|q| q.sort = SortKey::Priority)).await,
        [1, 5, 2, 3, 7, 4, 6]
    );
    assert_eq!(
        numbers(by(|q| q.sort = SortKey::Title)).await,
        [3, 4, 7, 1, 6, 2, 5]
    );
    assert_eq!(numbers(by(|q| q.sort = SortKey::Created)).await.len(), 7);
    assert_eq!(
        numbers(by(|q| {
            q.status = StatusFilter::Active;
            q.tag = Some("home".into());
            q.sort = SortKey::Title;
        }))
        .await,
        [4, 1]
    );
}

async fn pagination_boundaries(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, _) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    for i in 1..=5 {
        create_task(conn, ada, new(&format!("T{i}")), now())
            .await
            .unwrap();
    }
    let page = |page, per_page| TaskQuery {
        page,
        per_page,
        sort: SortKey::Title,
        ..TaskQuery::default()
    };
    let mut seen = Vec::new();
    for (p, size, more) in [(0, 2, true), (1, 2, true), (2, 1, false)] {
        let result = service::list(conn, ada, &page(p, 2), now()).await.unwrap();
        assert_eq!(
            (result.tasks.len(), result.has_more, result.total),
            (size, more, 5),
            "{engine:?} page {p}"
        );
        seen.extend(result.tasks.iter().map(|t| t.number));
    }
    assert_eq!(
        seen,
        [1, 2, 3, 4, 5],
        "{engine:?}: pages overlapped or skipped"
    );
    let past = service::list(conn, ada, &page(3, 2), now()).await.unwrap();
    assert!(past.tasks.is_empty() && !past.has_more);
    let exact = service::list(conn, ada, &page(0, 5), now()).await.unwrap();
    assert_eq!((exact.tasks.len(), exact.has_more), (5, false));
    // A hand-edited page number far out of range is an empty page, not an overflow.
    let far = service::list(conn, ada, &page(u64::MAX, 200), now())
        .await
        .unwrap();
    assert!(far.tasks.is_empty() && !far.has_more, "{engine:?}");
    // per_page is capped, and 0 means the default.
    assert_eq!(
        service::list(conn, ada, &page(0, 10_000), now())
            .await
            .unwrap()
            .per_page,
        MAX_PER_PAGE
    );
    assert_eq!(
        service::list(conn, ada, &page(0, 0), now())
            .await
            .unwrap()
            .per_page,
        DEFAULT_PER_PAGE
    );
}

async fn server_functions_and_exports_through_http(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let ada = app.signup("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.signup("Bob", "bob@example.com", PASSWORD).await;

    let added: serde_json::Value = app
        .post_as(
            Some(&ada),
            "/api/tasks_add",
            &[("text", "Pay rent, \"now\" tomorrow !high #home")],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(added["number"], 1, "{engine:?}: {added}");
    assert_eq!(added["priority"], "high");
    assert_eq!(added["tags"], serde_json::json!(["home"]));
    let id = added["id"].as_str().unwrap().to_owned();

    // Signed out: 401. Someone else's task: 404, exactly like a missing one.
    let signed_out = app.post_as(None, "/api/tasks_list", &[]).await;
    assert_eq!(signed_out.status(), 401);
    let foreign = app
        .post_as(
            Some(&bob),
            "/api/tasks_toggle",
            &[("id", &id), ("completed", "true")],
        )
        .await;
    assert_eq!(foreign.status(), 404);
    let missing = app
        .post_as(
            Some(&bob),
            "/api/tasks_toggle",
            &[("id", &Uuid::new_v4().to_string()), ("completed", "true")],
        )
        .await;
    assert_eq!(missing.status(), 404);
    let foreign_body: AppError = foreign.json().await.unwrap();
    let missing_body: AppError = missing.json().await.unwrap();
    assert_eq!(foreign_body, missing_body);

    let bad_date = app
        .post_as(
            Some(&ada),
            "/api/tasks_update",
            &[("id", &id), ("title", "Pay rent"), ("due", "someday")],
        )
        .await;
    assert_eq!(bad_date.status(), 422);
    let error: AppError = bad_date.json().await.unwrap();
    assert!(error.field_message("due").is_some());

    let renamed = app
        .post_as(
            Some(&ada),
            "/api/tasks_update",
            &[
                ("id", &id),
                ("title", "Pay rent, \"now\""),
                ("priority", "high"),
                ("due", "2026-12-01 09:30"),
                ("tags", "home"),
            ],
        )
        .await;
    assert_eq!(renamed.status(), 200, "{engine:?}");

    let json = app
        .bare
        .get(app.url("/tasks/export.json"))
        .header("Cookie", &ada)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    assert!(json.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("taskpilot-tasks.json"));
    let tasks: serde_json::Value = json.json().await.unwrap();
    assert_eq!(tasks.as_array().unwrap().len(), 1);

    let csv = app
        .bare
        .get(app.url("/tasks/export.csv"))
        .header("Cookie", &ada)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("number,title,description,completed,priority,due,tags,created_at,completed_at")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("1,\"Pay rent, \"\"now\"\"\",,false,high,2026-12-01 09:30,home,"),
        "{row}"
    );
    assert_eq!(
        app.bare
            .get(app.url("/tasks/export.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let bobs = app
        .bare
        .get(app.url("/tasks/export.json"))
        .header("Cookie", &bob)
        .send()
        .await
        .unwrap();
    assert_eq!(
        bobs.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!([])
    );
}

async fn default_order_pages_cross_from_dated_to_undated_tasks(engine: Engine) {
    let db = TestDb::new(engine).await;
    let (app, ada, _) = setup(&db).await;
    let conn = app.app_db.conn().unwrap();
    // #1, #3, #5 undated; #2 (28th), #4 (26th at 10:00), #6 (26th, all day) dated.
    for (i, when) in [
        None,
        due(28, None),
        None,
        due(26, Some((10, 0))),
        None,
        due(26, None),
    ]
    .into_iter()
    .enumerate()
    {
        let input = TaskDraft {
            due: when,
            ..new(&format!("T{}", i + 1))
        };
        create_task(conn, ada, input, now()).await.unwrap();
    }
    let mut seen = Vec::new();
    for p in 0..4 {
        let page = service::list(
            conn,
            ada,
            &TaskQuery {
                page: p,
                per_page: 2,
                ..TaskQuery::default()
            },
            now(),
        )
        .await
        .unwrap();
        assert_eq!(page.has_more, p < 2, "{engine:?} page {p}");
        seen.push(page.tasks.iter().map(|t| t.number).collect::<Vec<_>>());
    }
    assert_eq!(
        seen,
        [vec![6, 4], vec![2, 1], vec![3, 5], vec![]],
        "{engine:?}"
    );
}

async fn the_list_page_marks_only_the_shown_filter_as_current(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let ada = app.signup("Ada", "ada@example.com", PASSWORD).await;
    for text in ["Pay rent", "Call the bank", "Water plants"] {
        let added = app
            .post_as(Some(&ada), "/api/tasks_add", &[("text", text)])
            .await;
        assert_eq!(added.status(), 200);
    }
    // The second of three pages of the active tasks: a previous and a next link.
    let html = app
        .get_as(Some(&ada), "/tasks?status=active&per=1&page=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("← Previous") && html.contains("Next →"),
        "{engine:?}"
    );
    // The navbar's "Tasks" and the "Active" tab; not the other tabs, nor the pager's links.
    let current: Vec<&str> = html
        .split(r#"aria-current="page""#)
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or_default())
        .collect();
    assert_eq!(current.len(), 2, "{engine:?}: {current:?}");
    assert!(
        current.iter().any(|c| c.ends_with(">Active")),
        "{current:?}"
    );
    assert!(current.iter().any(|c| c.ends_with(">Tasks")), "{current:?}");
}
