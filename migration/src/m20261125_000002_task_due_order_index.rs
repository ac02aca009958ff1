//! The task list's default order (due date, all-day before timed, then number) read straight
//! from an index, so the first page costs the same for 100 or 100,000 tasks. PostgreSQL sorts
//! NULL last by default, so its index says NULLS FIRST to match the query (and SQLite's order).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => {
                "CREATE INDEX idx_task_user_due_order ON task (user_id, due_date, due_time NULLS FIRST, number)"
            }
            _ => "CREATE INDEX idx_task_user_due_order ON task (user_id, due_date, due_time, number)",
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_task_user_due_order")
            .await?;
        Ok(())
    }
}
