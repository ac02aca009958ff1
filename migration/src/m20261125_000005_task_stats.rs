//! Per-user task counts kept by the database itself: a `task_stats` row per user that triggers on
//! `task` update in the same statement as every insert, delete and change of `completed`,
//! `priority` or owner. The dashboard reads total, completed and open-per-priority from this one
//! row, so they cost the same at 100 or 100,000 tasks, and no write path (the task service, the
//! chat agent, MCP, a bulk import) can forget to maintain them.
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TaskStats {
    Table,
    UserId,
    Total,
    Completed,
    OpenNone,
    OpenLow,
    OpenMedium,
    OpenHigh,
}

/// 1 when `cond` holds for the row, else 0 (booleans are 0/1 on SQLite and real booleans on
/// PostgreSQL; CASE reads both).
fn one_if(cond: &str) -> String {
    format!("(CASE WHEN {cond} THEN 1 ELSE 0 END)")
}

/// The counts one task row contributes, in column order, for `row` = NEW or OLD.
fn contribution(row: &str) -> [String; 6] {
    let open = format!("NOT {row}.completed");
    [
        "1".to_owned(),
        one_if(&format!("{row}.completed")),
        one_if(&format!("{open} AND {row}.priority = 0")),
        one_if(&format!("{open} AND {row}.priority = 1")),
        one_if(&format!("{open} AND {row}.priority = 2")),
        one_if(&format!("{open} AND {row}.priority = 3")),
    ]
}

const COLUMNS: [&str; 6] = [
    "total",
    "completed",
    "open_none",
    "open_low",
    "open_medium",
    "open_high",
];

/// Adds NEW's contribution to its owner's row, creating the row on the user's first task.
fn add_new() -> String {
    let values = contribution("NEW").join(", ");
    let updates = COLUMNS
        .iter()
        .map(|c| format!("{c} = task_stats.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO task_stats (user_id, {}) VALUES (NEW.user_id, {values}) \
         ON CONFLICT (user_id) DO UPDATE SET {updates};",
        COLUMNS.join(", ")
    )
}

/// Takes OLD's contribution away from its owner's row.
fn remove_old() -> String {
    let updates = COLUMNS
        .iter()
        .zip(contribution("OLD"))
        .map(|(c, v)| format!("{c} = {c} - {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("UPDATE task_stats SET {updates} WHERE user_id = OLD.user_id;")
}

/// Counts of the tasks that exist before the triggers do.
fn backfill() -> String {
    let sums = [
        "COUNT(*)".to_owned(),
        format!("SUM({})", one_if("completed")),
        format!("SUM({})", one_if("NOT completed AND priority = 0")),
        format!("SUM({})", one_if("NOT completed AND priority = 1")),
        format!("SUM({})", one_if("NOT completed AND priority = 2")),
        format!("SUM({})", one_if("NOT completed AND priority = 3")),
    ];
    format!(
        "INSERT INTO task_stats (user_id, {}) SELECT user_id, {} FROM task GROUP BY user_id",
        COLUMNS.join(", "),
        sums.join(", ")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(TaskStats::Table)
            .col(uuid(TaskStats::UserId).primary_key())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_task_stats_user")
                    .from(TaskStats::Table, TaskStats::UserId)
                    .to(User::Table, User::Id)
                    .on_delete(ForeignKeyAction::Cascade)
                    .on_update(ForeignKeyAction::Cascade),
            );
        for column in [
            TaskStats::Total,
            TaskStats::Completed,
            TaskStats::OpenNone,
            TaskStats::OpenLow,
            TaskStats::OpenMedium,
            TaskStats::OpenHigh,
        ] {
            table.col(big_integer(column).default(0));
        }
        manager.create_table(table.to_owned()).await?;

        let db = manager.get_connection();
        db.execute_unprepared(&backfill()).await?;
        let watched = "AFTER UPDATE OF completed, priority, user_id ON task";
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION task_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN {} END IF; \
                     IF TG_OP IN ('UPDATE', 'INSERT') THEN {} END IF; \
                     RETURN NULL; END $$",
                    remove_old(),
                    add_new()
                ))
                .await?;
                for (name, when) in [
                    ("task_stats_insert", "AFTER INSERT ON task"),
                    ("task_stats_delete", "AFTER DELETE ON task"),
                    ("task_stats_update", watched),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION task_stats_apply()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (name, when, body) in [
                    ("task_stats_insert", "AFTER INSERT ON task", add_new()),
                    ("task_stats_delete", "AFTER DELETE ON task", remove_old()),
                    (
                        "task_stats_update",
                        watched,
                        format!("{} {}", remove_old(), add_new()),
                    ),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {body} END"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for name in [
            "task_stats_insert",
            "task_stats_delete",
            "task_stats_update",
        ] {
            let sql = match manager.get_database_backend() {
                DbBackend::Postgres => format!("DROP TRIGGER IF EXISTS {name} ON task"),
                _ => format!("DROP TRIGGER IF EXISTS {name}"),
            };
            db.execute_unprepared(&sql).await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS task_stats_apply()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(TaskStats::Table).to_owned())
            .await
    }
}
