//! Lets the dashboard count open tasks per priority from the index alone.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Task {
    Table,
    UserId,
    Completed,
    Priority,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_task_user_completed_priority")
                    .table(Task::Table)
                    .col(Task::UserId)
                    .col(Task::Completed)
                    .col(Task::Priority)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_task_user_completed_priority")
                    .table(Task::Table)
                    .to_owned(),
            )
            .await
    }
}
