//! Per-user API tokens for the MCP endpoint. Only a BLAKE2 hash of each token is stored; the
//! user's key is a UUID column built by the same `uuid()` helper as every other foreign key, so
//! both sides have the same type on SQLite and on PostgreSQL.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_uuid(ApiToken::Id))
                    .col(uuid(ApiToken::UserId))
                    .col(string_len(ApiToken::Name, 100))
                    // Hex BLAKE2s-256 of the token: 64 characters.
                    .col(string_len_uniq(ApiToken::TokenHash, 64))
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    // Inline, as SQLite cannot add a foreign key later.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_token_user")
                            .from(ApiToken::Table, ApiToken::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .on_update(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_token_user_created")
                    .table(ApiToken::Table)
                    .col(ApiToken::UserId)
                    .col(ApiToken::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiToken::Table).if_exists().to_owned())
            .await
    }
}
