//! The whole data model of DESIGN.md. Every key and every foreign key is a UUID column built by the
//! same `uuid()` helper, so both sides of each foreign key have exactly the same type on SQLite and
//! on PostgreSQL. Foreign keys are declared inline (SQLite cannot add them later).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Timezone,
    TaskCounter,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
    CreatedAt,
    LastSeenAt,
    UserAgent,
}

#[derive(DeriveIden)]
enum Task {
    Table,
    Id,
    UserId,
    Number,
    Title,
    Description,
    Completed,
    Priority,
    DueDate,
    DueTime,
    Tags,
    CreatedAt,
    UpdatedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Conversation {
    Table,
    Id,
    UserId,
    Title,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Message {
    Table,
    Id,
    ConversationId,
    Role,
    Content,
    ToolCalls,
    CreatedAt,
}

/// An inline `FOREIGN KEY (column) REFERENCES user(id) ON DELETE CASCADE`.
fn cascade_to(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .on_update(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(User::Table)
                    .col(pk_uuid(User::Id))
                    .col(string_len_uniq(User::Email, 320))
                    .col(string_len(User::Name, 100))
                    .col(string_len(User::PasswordHash, 255))
                    .col(string_len(User::Timezone, 64).default("UTC"))
                    // The last task number handed out; numbers are never reused.
                    .col(big_integer(User::TaskCounter).default(0))
                    .col(timestamp_with_time_zone(User::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string_len(Session::Id, 64).primary_key())
                    // Null until the session belongs to a signed-in user.
                    .col(uuid_null(Session::UserId))
                    .col(text(Session::Data))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::LastSeenAt))
                    .col(string_len(Session::UserAgent, 512).default(""))
                    .foreign_key(&mut cascade_to(
                        "fk_session_user",
                        (Session::Table, Session::UserId),
                        (User::Table, User::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_user_expires")
                    .table(Session::Table)
                    .col(Session::UserId)
                    .col(Session::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_expires")
                    .table(Session::Table)
                    .col(Session::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Task::Table)
                    .col(pk_uuid(Task::Id))
                    .col(uuid(Task::UserId))
                    .col(big_integer(Task::Number))
                    .col(string_len(Task::Title, 200))
                    .col(text(Task::Description).default(""))
                    .col(boolean(Task::Completed).default(false))
                    // 0 none, 1 low, 2 medium, 3 high: sorts by urgency without a CASE.
                    .col(small_integer(Task::Priority).default(0))
                    // A calendar date (and optional wall-clock time) in the user's timezone.
                    .col(date_null(Task::DueDate))
                    .col(time_null(Task::DueTime))
                    // JSON array of lower-cased tags, kept as text so LIKE works on both engines.
                    .col(text(Task::Tags).default("[]"))
                    .col(timestamp_with_time_zone(Task::CreatedAt))
                    .col(timestamp_with_time_zone(Task::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Task::CompletedAt))
                    .foreign_key(&mut cascade_to(
                        "fk_task_user",
                        (Task::Table, Task::UserId),
                        (User::Table, User::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "idx_task_user_number",
                vec![Task::UserId, Task::Number],
                true,
            ),
            (
                "idx_task_user_completed_due",
                vec![Task::UserId, Task::Completed, Task::DueDate],
                false,
            ),
            (
                "idx_task_user_created",
                vec![Task::UserId, Task::CreatedAt],
                false,
            ),
            (
                "idx_task_user_completed_at",
                vec![Task::UserId, Task::CompletedAt],
                false,
            ),
        ] {
            let mut index = Index::create().name(name).table(Task::Table).to_owned();
            for col in cols {
                index.col(col);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Conversation::Table)
                    .col(pk_uuid(Conversation::Id))
                    .col(uuid(Conversation::UserId))
                    .col(string_len(Conversation::Title, 200))
                    .col(timestamp_with_time_zone(Conversation::CreatedAt))
                    .col(timestamp_with_time_zone(Conversation::UpdatedAt))
                    .foreign_key(&mut cascade_to(
                        "fk_conversation_user",
                        (Conversation::Table, Conversation::UserId),
                        (User::Table, User::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversation_user_updated")
                    .table(Conversation::Table)
                    .col(Conversation::UserId)
                    .col(Conversation::UpdatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Message::Table)
                    .col(pk_uuid(Message::Id))
                    .col(uuid(Message::ConversationId))
                    .col(string_len(Message::Role, 16))
                    .col(text(Message::Content))
                    .col(text_null(Message::ToolCalls))
                    .col(timestamp_with_time_zone(Message::CreatedAt))
                    .foreign_key(&mut cascade_to(
                        "fk_message_conversation",
                        (Message::Table, Message::ConversationId),
                        (Conversation::Table, Conversation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_message_conversation_created")
                    .table(Message::Table)
                    .col(Message::ConversationId)
                    .col(Message::CreatedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Message::Table.into_iden(),
            Conversation::Table.into_iden(),
            Task::Table.into_iden(),
            Session::Table.into_iden(),
            User::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
