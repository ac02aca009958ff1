//! The migrations build the whole data model on SQLite and on PostgreSQL, with every foreign key of
//! exactly the referenced column's type, enforced, and cascading.

use crate::helpers::{on_both_engines, Engine, TestDb};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use taskpilot::config::parse_database_url;
use taskpilot::database;

on_both_engines!(
    every_foreign_key_has_the_referenced_type_and_cascades,
    deleting_a_user_cascades_and_foreign_keys_are_enforced,
    per_user_indexes_exist,
    migrations_go_down_and_up_again
);

async fn migrated(db: &TestDb) -> DatabaseConnection {
    let target = parse_database_url(&db.url).unwrap().target;
    database::prepare(&target).await.unwrap();
    let conn = database::lazy_pool(&target, 2);
    Migrator::up(&conn, None).await.expect("migrations apply");
    conn
}

async fn rows(conn: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn exec(conn: &DatabaseConnection, sql: &str) -> Result<(), sea_orm::DbErr> {
    conn.execute_unprepared(sql).await.map(|_| ())
}

/// (table, column, referenced table, referenced column, column type, referenced type, on delete)
async fn foreign_keys(conn: &DatabaseConnection, engine: Engine) -> Vec<[String; 7]> {
    let mut out = Vec::new();
    match engine {
        Engine::Sqlite => {
            // Every table, so a new one is checked without editing this list.
            let tables: Vec<String> = rows(
                conn,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .await
            .iter()
            .map(|r| r.try_get("", "name").unwrap())
            .collect();
            for table in &tables {
                let table = table.as_str();
                for fk in rows(conn, &format!("PRAGMA foreign_key_list(\"{table}\")")).await {
                    let column: String = fk.try_get("", "from").unwrap();
                    let parent: String = fk.try_get("", "table").unwrap();
                    let parent_column: String = fk.try_get("", "to").unwrap();
                    let on_delete: String = fk.try_get("", "on_delete").unwrap();
                    let type_of = |t: String, c: String| async move {
                        rows(conn, &format!("PRAGMA table_info(\"{t}\")"))
                            .await
                            .into_iter()
                            .find(|r| r.try_get::<String>("", "name").unwrap() == c)
                            .map(|r| r.try_get::<String>("", "type").unwrap())
                            .unwrap()
                    };
                    let column_type = type_of(table.to_owned(), column.clone()).await;
                    let parent_type = type_of(parent.clone(), parent_column.clone()).await;
                    out.push([
                        table.to_owned(),
                        column,
                        parent,
                        parent_column,
                        column_type,
                        parent_type,
                        on_delete,
                    ]);
                }
            }
        }
        Engine::Postgres => {
            let sql = r#"
                SELECT kcu.table_name AS tbl, kcu.column_name AS col,
                       ccu.table_name AS ref_tbl, ccu.column_name AS ref_col,
                       c1.data_type AS col_type, c2.data_type AS ref_type,
                       rc.delete_rule AS on_delete
                FROM information_schema.referential_constraints rc
                JOIN information_schema.key_column_usage kcu
                  ON kcu.constraint_name = rc.constraint_name
                JOIN information_schema.constraint_column_usage ccu
                  ON ccu.constraint_name = rc.constraint_name
                JOIN information_schema.columns c1
                  ON c1.table_name = kcu.table_name AND c1.column_name = kcu.column_name
                 AND c1.table_schema = kcu.table_schema
                JOIN information_schema.columns c2
                  ON c2.table_name = ccu.table_name AND c2.column_name = ccu.column_name
                 AND c2.table_schema = ccu.table_schema
                WHERE kcu.table_schema = current_schema()
                ORDER BY 1, 2"#;
            for r in rows(conn, sql).await {
                let get = |c: &str| r.try_get::<String>("", c).unwrap();
                out.push([
                    get("tbl"),
                    get("col"),
                    get("ref_tbl"),
                    get("ref_col"),
                    get("col_type"),
                    get("ref_type"),
                    get("on_delete"),
                ]);
            }
        }
    }
    out.sort();
    out
}

async fn every_foreign_key_has_the_referenced_type_and_cascades(engine: Engine) {
    let db = TestDb::new(engine).await;
    let conn = migrated(&db).await;
    let fks = foreign_keys(&conn, engine).await;
    let pairs: Vec<(String, String, String)> = fks
        .iter()
        .map(|f| (f[0].clone(), f[1].clone(), f[2].clone()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("api_token".into(), "user_id".into(), "user".into()),
            ("conversation".into(), "user_id".into(), "user".into()),
            (
                "message".into(),
                "conversation_id".into(),
                "conversation".into()
            ),
            ("session".into(), "user_id".into(), "user".into()),
            ("task".into(), "user_id".into(), "user".into()),
            ("task_stats".into(), "user_id".into(), "user".into()),
        ],
        "{engine:?}"
    );
    for fk in &fks {
        assert_eq!(fk[3], "id", "{engine:?} {fk:?}");
        assert_eq!(
            fk[4], fk[5],
            "{engine:?}: column type differs from the key it references: {fk:?}"
        );
        assert_eq!(fk[6].to_uppercase(), "CASCADE", "{engine:?} {fk:?}");
    }
    if engine == Engine::Postgres {
        assert!(fks.iter().all(|f| f[4] == "uuid"), "{fks:?}");
    }
}

async fn deleting_a_user_cascades_and_foreign_keys_are_enforced(engine: Engine) {
    let db = TestDb::new(engine).await;
    let conn = migrated(&db).await;
    let user = uuid::Uuid::new_v4();
    let conversation = uuid::Uuid::new_v4();
    let now = "2026-11-25 12:00:00+00:00";
    let uid = |u: uuid::Uuid| match engine {
        // sqlx stores UUIDs as 16-byte blobs in SQLite; write them the same way here.
        Engine::Sqlite => format!("X'{}'", u.simple()),
        Engine::Postgres => format!("'{u}'"),
    };
    for sql in [
        format!("INSERT INTO \"user\" (id, email, name, password_hash, created_at) VALUES ({}, 'a@example.com', 'A', 'x', '{now}')", uid(user)),
        format!("INSERT INTO session (id, user_id, data, expires_at, created_at, last_seen_at) VALUES ('s1', {}, '{{}}', '{now}', '{now}', '{now}')", uid(user)),
        format!("INSERT INTO task (id, user_id, number, title, created_at, updated_at) VALUES ({}, {}, 1, 'T', '{now}', '{now}')", uid(uuid::Uuid::new_v4()), uid(user)),
        format!("INSERT INTO conversation (id, user_id, title, created_at, updated_at) VALUES ({}, {}, 'C', '{now}', '{now}')", uid(conversation), uid(user)),
        format!("INSERT INTO message (id, conversation_id, role, content, created_at) VALUES ({}, {}, 'user', 'hi', '{now}')", uid(uuid::Uuid::new_v4()), uid(conversation)),
        format!("INSERT INTO api_token (id, user_id, name, token_hash, created_at) VALUES ({}, {}, 'Laptop', 'h1', '{now}')", uid(uuid::Uuid::new_v4()), uid(user)),
    ] {
        exec(&conn, &sql).await.unwrap_or_else(|e| panic!("{engine:?} {sql}: {e}"));
    }

    let orphan = format!(
        "INSERT INTO task (id, user_id, number, title, created_at, updated_at) VALUES ({}, {}, 2, 'T', '{now}', '{now}')",
        uid(uuid::Uuid::new_v4()),
        uid(uuid::Uuid::new_v4())
    );
    assert!(
        exec(&conn, &orphan).await.is_err(),
        "{engine:?}: a task of a missing user was stored"
    );

    if engine == Engine::Sqlite {
        assert!(rows(&conn, "PRAGMA foreign_key_check").await.is_empty());
    }

    exec(
        &conn,
        &format!("DELETE FROM \"user\" WHERE id = {}", uid(user)),
    )
    .await
    .unwrap();
    for table in [
        "session",
        "task",
        "conversation",
        "message",
        "task_stats",
        "api_token",
    ] {
        let count = rows(&conn, &format!("SELECT COUNT(*) AS n FROM {table}")).await[0]
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(count, 0, "{engine:?}: {table} rows survived their user");
    }
}

async fn per_user_indexes_exist(engine: Engine) {
    let db = TestDb::new(engine).await;
    let conn = migrated(&db).await;
    let sql = match engine {
        Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'",
        Engine::Postgres => "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'idx_%'",
    };
    let mut names: Vec<String> = rows(&conn, sql)
        .await
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "idx_api_token_user_created",
            "idx_conversation_user_updated",
            "idx_message_conversation_created",
            "idx_session_expires",
            "idx_session_user_expires",
            "idx_task_user_completed_at",
            "idx_task_user_completed_due",
            "idx_task_user_completed_priority",
            "idx_task_user_created",
            "idx_task_user_due_order",
            "idx_task_user_number",
        ],
        "{engine:?}"
    );
}

async fn migrations_go_down_and_up_again(engine: Engine) {
    let db = TestDb::new(engine).await;
    let conn = migrated(&db).await;
    Migrator::down(&conn, None).await.expect("down");
    let remaining = Migrator::get_applied_migrations(&conn).await.unwrap();
    assert!(remaining.is_empty(), "{engine:?}");
    Migrator::fresh(&conn).await.expect("fresh");
    assert_eq!(
        Migrator::get_pending_migrations(&conn).await.unwrap().len(),
        0
    );
    // Applying again is a no-op, as at every server start.
    Migrator::up(&conn, None).await.expect("up twice");
}

#[tokio::test]
async fn sqlite_connections_use_wal_and_enforce_foreign_keys() {
    let db = TestDb::new(Engine::Sqlite).await;
    let conn = migrated(&db).await;
    let mode: String = rows(&conn, "PRAGMA journal_mode").await[0]
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i32 = rows(&conn, "PRAGMA foreign_keys").await[0]
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(fk, 1);
}
