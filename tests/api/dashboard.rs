//! The dashboard's SQL aggregates against a known data set, on SQLite and PostgreSQL: counts,
//! priorities, the next tasks due, the 14 local days of the chart (boundaries at the user's
//! midnight, not UTC's), ownership, and the server function over HTTP.

use crate::helpers::{create_task, on_both_engines, update_task, Engine, TestApp, TestDb};
use app::dashboard::service::dashboard;
use app::dashboard::{Dashboard, DayCount, PriorityCounts};
use app::db::{task, user};
use app::error::AppError;
use app::tasks::validate::TaskDraft;
use app::tasks::{is_overdue, Due, Priority};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

on_both_engines!(
    figures_for_a_known_data_set_in_tokyo,
    a_user_without_tasks_gets_zeros_and_fourteen_empty_days,
    chart_days_follow_the_users_midnight_across_a_dst_change,
    the_server_function_answers_the_signed_in_user_only,
    the_page_redirects_visitors_and_draws_the_users_dashboard,
    kept_counts_match_the_tasks_after_every_kind_of_write
);

const PASSWORD: &str = "correct horse battery";
const TOKYO: &str = "Asia/Tokyo";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("a local date and time")
}

/// A Tokyo wall-clock time as the UTC instant the database stores (Tokyo has no DST: +09:00).
fn tokyo(text: &str) -> DateTime<Utc> {
    let offset = FixedOffset::east_opt(9 * 3600).expect("+09:00");
    offset
        .from_local_datetime(&local(text))
        .single()
        .expect("one instant")
        .with_timezone(&Utc)
}

fn utc(text: &str) -> DateTime<Utc> {
    local(text).and_utc()
}

fn due(day: &str, time: Option<&str>) -> Option<Due> {
    Some(Due {
        date: date(day),
        time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").expect("a time")),
    })
}

/// Signs a user up and moves them to `timezone`; returns their id and session cookie.
async fn user_in(app: &TestApp, email: &str, timezone: &str) -> (Uuid, String) {
    let cookie = app.signup("Test", email, PASSWORD).await;
    let conn = app.app_db.conn().unwrap();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(conn)
        .await
        .unwrap()
        .expect("the user exists");
    let mut model = found.into_active_model();
    model.timezone = Set(timezone.to_owned());
    let model = model.update(conn).await.unwrap();
    (model.id, cookie)
}

/// Adds a task through the task service, then back-dates it: created at `created`, and completed
/// at `completed` when given.
async fn add(
    conn: &DatabaseConnection,
    user_id: Uuid,
    title: &str,
    priority: Priority,
    due: Option<Due>,
    created: DateTime<Utc>,
    completed: Option<DateTime<Utc>>,
) -> i64 {
    let input = TaskDraft {
        title: title.to_owned(),
        priority,
        due,
        ..TaskDraft::default()
    };
    let made = create_task(conn, user_id, input, local("2026-11-25 14:00:00"))
        .await
        .unwrap();
    let mut model = task::Entity::find_by_id(made.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    model.created_at = Set(created);
    model.updated_at = Set(created);
    model.completed = Set(completed.is_some());
    model.completed_at = Set(completed);
    model.update(conn).await.unwrap();
    made.number
}

/// Tasks that must never show up in anyone else's figures: all created and completed "today".
async fn add_noise(conn: &DatabaseConnection, user_id: Uuid) {
    let now = tokyo("2026-11-25 10:00:00");
    for (i, completed) in [None, Some(now), None, Some(now)].into_iter().enumerate() {
        let due = due(
            ["2026-11-20", "2026-11-25", "2026-11-27", "2026-11-25"][i],
            None,
        );
        add(conn, user_id, "noise", Priority::High, due, now, completed).await;
    }
}

fn days_with_activity(days: &[DayCount]) -> Vec<(String, u64, u64)> {
    days.iter()
        .filter(|d| d.created > 0 || d.completed > 0)
        .map(|d| (d.date.to_string(), d.created, d.completed))
        .collect()
}

async fn figures_for_a_known_data_set_in_tokyo(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap();
    let (ada, _) = user_in(&app, "ada@example.com", TOKYO).await;
    let (bob, _) = user_in(&app, "bob@example.com", TOKYO).await;
    add_noise(conn, bob).await;

    use Priority::{High, Low, Medium, None as NoPriority};
    // Now is Wed 25 Nov 2026, 14:00 in Tokyo; the chart runs from Thu 12 Nov to today.
    let now = local("2026-11-25 14:00:00");
    #[rustfmt::skip]
    let tasks = [
        // title, priority, due, created (Tokyo), completed (Tokyo)
        ("late since yesterday", High, due("2026-11-24", None), "2026-11-20 10:00:00", None),
        ("today, 09:00 (past)", Medium, due("2026-11-25", Some("09:00")), "2026-11-25 00:00:30", None),
        ("today, 18:00", Low, due("2026-11-25", Some("18:00")), "2026-11-24 23:59:30", None),
        ("today, no time", NoPriority, due("2026-11-25", None), "2026-11-12 00:00:00", None),
        ("in 7 days", High, due("2026-12-02", None), "2026-11-11 23:59:59", None),
        ("in 8 days", NoPriority, due("2026-12-03", None), "2026-11-25 13:59:00", None),
        ("tomorrow 08:00", Medium, due("2026-11-26", Some("08:00")), "2026-11-13 12:00:00", None),
        ("tomorrow, no time", High, due("2026-11-26", None), "2026-11-18 09:00:00", None),
        ("no date", NoPriority, None, "2026-11-26 00:00:00", None),
        ("done just after midnight", High, due("2026-11-20", None), "2026-11-10 09:00:00", Some("2026-11-25 00:00:30")),
        ("done just before midnight", Low, due("2026-11-26", None), "2026-11-24 08:00:00", Some("2026-11-24 23:59:30")),
        ("done 15 days ago", Medium, None, "2026-11-01 09:00:00", Some("2026-11-10 12:00:00")),
        ("done on the first day", NoPriority, None, "2026-11-05 09:00:00", Some("2026-11-12 00:00:00")),
        ("today, no time, later number", NoPriority, due("2026-11-25", None), "2026-11-25 13:00:00", None),
    ];
    let mut numbers = Vec::new();
    for (title, priority, due, created, completed) in tasks {
        let completed = completed.map(tokyo);
        numbers.push(add(conn, ada, title, priority, due, tokyo(created), completed).await);
    }
    add_noise(conn, bob).await;

    let d: Dashboard = dashboard(conn, ada, TOKYO, now).await.unwrap();
    assert_eq!(d.today, date("2026-11-25"));

    let c = &d.counts;
    assert_eq!(
        (c.total, c.active, c.completed),
        (14, 10, 4),
        "{engine:?}: {c:?}"
    );
    assert_eq!(c.overdue, 2, "{engine:?}: overdue");
    assert_eq!(c.due_today, 4, "{engine:?}: due today");
    assert_eq!(c.due_soon, 3, "{engine:?}: due in the next 7 days");
    assert!((c.completion_rate - 4.0 / 14.0).abs() < 1e-9);
    assert_eq!(c.completion_percent(), 29);

    // The SQL overdue rule agrees with the Rust one the task list uses.
    let models = task::Entity::find()
        .filter(task::Column::UserId.eq(ada))
        .all(conn)
        .await
        .unwrap();
    let late = models
        .iter()
        .filter(|m| {
            let due = m.due_date.map(|date| Due {
                date,
                time: m.due_time,
            });
            is_overdue(m.completed, due, now)
        })
        .count() as u64;
    assert_eq!(c.overdue, late);

    assert_eq!(
        d.by_priority,
        PriorityCounts {
            none: 4,
            low: 1,
            medium: 2,
            high: 3,
        },
        "{engine:?}"
    );

    // Soonest first; on one day all-day tasks first (as in the task list), then by time,
    // then by number; at most five.
    let upcoming: Vec<i64> = d.upcoming.iter().map(|t| t.number).collect();
    assert_eq!(
        upcoming,
        vec![numbers[3], numbers[13], numbers[1], numbers[2], numbers[7]],
        "{engine:?}: {:?}",
        d.upcoming
    );
    assert!(
        !d.upcoming[0].overdue,
        "due today without a time is not late"
    );
    assert!(d.upcoming[2].overdue, "09:00 today is past at 14:00");
    assert!(!d.upcoming[3].overdue);
    assert_eq!(d.upcoming[4].title, "tomorrow, no time");

    // 14 local days; a task made at 23:59:30 and one at 00:00:30 land on different days;
    // day one starts at exactly 00:00:00, and the day after today is not counted.
    assert_eq!(d.days.len(), 14);
    assert_eq!(d.days[0].date, date("2026-11-12"));
    assert_eq!(d.days[13].date, date("2026-11-25"));
    let expected: Vec<(String, u64, u64)> = [
        ("2026-11-12", 1, 1),
        ("2026-11-13", 1, 0),
        ("2026-11-18", 1, 0),
        ("2026-11-20", 1, 0),
        ("2026-11-24", 2, 1),
        ("2026-11-25", 3, 1),
    ]
    .into_iter()
    .map(|(day, created, completed)| (day.to_owned(), created, completed))
    .collect();
    assert_eq!(days_with_activity(&d.days), expected, "{engine:?}");
}

async fn a_user_without_tasks_gets_zeros_and_fourteen_empty_days(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap();
    let (ada, _) = user_in(&app, "ada@example.com", TOKYO).await;
    let (bob, _) = user_in(&app, "bob@example.com", TOKYO).await;
    add_noise(conn, bob).await;

    let d = dashboard(conn, ada, TOKYO, local("2026-11-25 14:00:00"))
        .await
        .unwrap();
    assert!(d.is_empty(), "{engine:?}: {d:?}");
    assert_eq!(d.counts.completion_rate, 0.0);
    assert_eq!(d.by_priority, PriorityCounts::default());
    assert!(d.upcoming.is_empty());
    assert_eq!(d.days.len(), 14);
    assert!(days_with_activity(&d.days).is_empty(), "{engine:?}");
}

async fn chart_days_follow_the_users_midnight_across_a_dst_change(engine: Engine) {
    const NEW_YORK: &str = "America/New_York";
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap();
    let (ada, _) = user_in(&app, "ada@example.com", NEW_YORK).await;
    // Clocks go back on Sun 1 Nov 2026 (EDT -4 → EST -5), so that day lasts 25 hours.
    for (title, created) in [
        ("Sat 31 Oct 23:30 EDT", "2026-11-01 03:30:00"),
        ("Sun 1 Nov 00:30 EDT", "2026-11-01 04:30:00"),
        ("Sun 1 Nov 23:30 EST", "2026-11-02 04:30:00"),
        ("Mon 2 Nov 00:30 EST", "2026-11-02 05:30:00"),
    ] {
        add(conn, ada, title, Priority::None, None, utc(created), None).await;
    }
    let d = dashboard(conn, ada, NEW_YORK, local("2026-11-05 10:00:00"))
        .await
        .unwrap();
    assert_eq!(
        days_with_activity(&d.days),
        vec![
            ("2026-10-31".to_owned(), 1, 0),
            ("2026-11-01".to_owned(), 2, 0),
            ("2026-11-02".to_owned(), 1, 0),
        ],
        "{engine:?}"
    );
}

async fn the_server_function_answers_the_signed_in_user_only(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap();
    let (ada, cookie) = user_in(&app, "ada@example.com", TOKYO).await;
    let (bob, _) = user_in(&app, "bob@example.com", TOKYO).await;
    add_noise(conn, bob).await;
    // Made just now, so they fall on today's bar whatever the real date is.
    let now = Utc::now();
    add(conn, ada, "open", Priority::High, None, now, None).await;
    add(conn, ada, "done", Priority::Low, None, now, Some(now)).await;

    let response = app.post_as(Some(&cookie), "/api/dashboard", &[]).await;
    assert_eq!(response.status(), 200, "{engine:?}");
    let d: Dashboard = response.json().await.expect("a Dashboard as JSON");
    assert_eq!((d.counts.total, d.counts.completed), (2, 1), "{engine:?}");
    assert_eq!(d.by_priority.high, 1);
    assert_eq!(d.days.len(), 14);
    let today = d.days.last().expect("today's bar");
    assert_eq!((today.created, today.completed), (2, 1), "{engine:?}");

    let response = app.post_as(None, "/api/dashboard", &[]).await;
    assert_eq!(response.status(), 401, "{engine:?}");
    let error: AppError = response.json().await.expect("a typed AppError body");
    assert_eq!(error, AppError::Unauthorized);
}

/// Needs the `/dashboard` route in app/src/lib.rs.
async fn the_page_redirects_visitors_and_draws_the_users_dashboard(engine: Engine) {
    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let response = app.get_as(None, "/dashboard").await;
    assert_eq!(
        response.status(),
        302,
        "{engine:?}: /dashboard needs its <Route> in app/src/lib.rs"
    );
    assert_eq!(
        response.headers()["location"],
        "/auth/login?next=/dashboard"
    );

    // No tasks yet: the empty state points to the task list.
    let (ada, cookie) = user_in(&app, "ada@example.com", TOKYO).await;
    let response = app.get_as(Some(&cookie), "/dashboard").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("No tasks yet"), "{engine:?}: {html}");
    assert!(html.contains(r#"href="/tasks""#));

    let conn = app.app_db.conn().unwrap();
    let now = Utc::now();
    let soon = due(
        &(now + chrono::Duration::days(3))
            .format("%Y-%m-%d")
            .to_string(),
        None,
    );
    add(conn, ada, "Renew passport", Priority::High, soon, now, None).await;
    add(conn, ada, "Buy milk", Priority::None, None, now, Some(now)).await;
    let html = app
        .get_as(Some(&cookie), "/dashboard")
        .await
        .text()
        .await
        .unwrap();
    for expected in [
        r#"role="img""#,
        "tasks created and completed per day",
        "<tbody>",
        "Renew passport",
        "/tasks?q=Renew%20passport",
        r#"data-testid="dash-rate">50%"#,
    ] {
        assert!(
            html.contains(expected),
            "{engine:?}: no {expected:?} in {html}"
        );
    }
}

/// The kept counts (`task_stats`, maintained by triggers) equal a fresh `COUNT(*)` after every
/// kind of write: adds (also concurrent), completion and reopening, priority changes, deletes,
/// undo, bulk deletes and a raw insert that bypasses the service.
async fn kept_counts_match_the_tasks_after_every_kind_of_write(engine: Engine) {
    use app::tasks::service as tasks;
    use app::tasks::validate::PatchDraft;
    use app::tasks::StatusFilter;
    use sea_orm::{ConnectionTrait, DbBackend, PaginatorTrait, Statement};

    async fn check(conn: &DatabaseConnection, user_id: Uuid, step: &str) {
        let now = local("2026-11-25 12:00:00");
        let board = dashboard(conn, user_id, "UTC", now).await.unwrap();
        let all = task::Entity::find().filter(task::Column::UserId.eq(user_id));
        let total = all.clone().count(conn).await.unwrap();
        let completed = all
            .clone()
            .filter(task::Column::Completed.eq(true))
            .count(conn)
            .await
            .unwrap();
        let mut open = PriorityCounts::default();
        for p in [
            Priority::None,
            Priority::Low,
            Priority::Medium,
            Priority::High,
        ] {
            let n = all
                .clone()
                .filter(task::Column::Completed.eq(false))
                .filter(task::Column::Priority.eq(p))
                .count(conn)
                .await
                .unwrap();
            open.add(p, n);
        }
        assert_eq!(board.counts.total, total, "{step}: total");
        assert_eq!(board.counts.completed, completed, "{step}: completed");
        assert_eq!(board.counts.active, total - completed, "{step}: active");
        assert_eq!(board.by_priority, open, "{step}: open by priority");
    }

    let db = TestDb::new(engine).await;
    let app = TestApp::spawn_on(&db).await;
    let conn = app.app_db.conn().unwrap().clone();
    let (ada, _) = user_in(&app, "stats-ada@example.com", "UTC").await;
    let (bob, _) = user_in(&app, "stats-bob@example.com", "UTC").await;
    let now = local("2026-11-25 12:00:00");
    check(&conn, ada, "no tasks").await;

    let adds = (0..12).map(|i| {
        let conn = conn.clone();
        async move {
            let input = TaskDraft {
                title: format!("Task {i}"),
                priority: [
                    Priority::None,
                    Priority::Low,
                    Priority::Medium,
                    Priority::High,
                ][i % 4],
                ..TaskDraft::default()
            };
            create_task(&conn, ada, input, now).await.unwrap()
        }
    });
    let added = futures::future::join_all(adds).await;
    create_task(
        &conn,
        bob,
        TaskDraft {
            title: "Bob's".into(),
            ..TaskDraft::default()
        },
        now,
    )
    .await
    .unwrap();
    check(&conn, ada, "12 concurrent adds").await;

    tasks::set_completed(&conn, ada, added[0].id, true, now)
        .await
        .unwrap();
    tasks::set_completed(&conn, ada, added[1].id, true, now)
        .await
        .unwrap();
    check(&conn, ada, "two completed").await;
    tasks::set_completed(&conn, ada, added[1].id, false, now)
        .await
        .unwrap();
    check(&conn, ada, "one reopened").await;
    let patch = PatchDraft {
        priority: Some(Priority::High),
        title: Some("Renamed".into()),
        ..PatchDraft::default()
    };
    update_task(&conn, ada, added[2].id, patch, now)
        .await
        .unwrap();
    check(&conn, ada, "priority changed").await;
    let deleted = tasks::delete(&conn, ada, added[3].id, now).await.unwrap();
    check(&conn, ada, "one deleted").await;
    tasks::restore(&conn, ada, deleted, now).await.unwrap();
    check(&conn, ada, "undo").await;
    tasks::delete_matching(&conn, ada, StatusFilter::Completed, now)
        .await
        .unwrap();
    check(&conn, ada, "completed ones deleted").await;

    // A raw insert, as a bulk import would do, is counted too.
    let backend = conn.get_database_backend();
    let (id, owner) = (Uuid::new_v4(), ada);
    let sql = if backend == DbBackend::Postgres {
        "INSERT INTO task (id, user_id, number, title, priority, created_at, updated_at) VALUES ($1, $2, 999, 'Raw', 2, now(), now())"
    } else {
        "INSERT INTO task (id, user_id, number, title, priority, created_at, updated_at) VALUES (?, ?, 999, 'Raw', 2, datetime('now'), datetime('now'))"
    };
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [id.into(), owner.into()],
    ))
    .await
    .unwrap();
    check(&conn, ada, "raw insert").await;
    check(&conn, bob, "Bob unaffected").await;
    assert_eq!(
        dashboard(&conn, bob, "UTC", now)
            .await
            .unwrap()
            .counts
            .total,
        1
    );
}
