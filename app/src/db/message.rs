use chrono::{DateTime, Utc};
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One message of a conversation: from the user, the assistant, or a tool result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveEntityModel))]
#[cfg_attr(feature = "ssr", sea_orm(table_name = "message"))]
pub struct Model {
    #[cfg_attr(feature = "ssr", sea_orm(primary_key, auto_increment = false))]
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// `user`, `assistant` or `tool`.
    pub role: String,
    pub content: String,
    /// The tool calls of an assistant message, as JSON.
    pub tool_calls: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
pub use server::*;
#[cfg(feature = "ssr")]
mod server {
    use super::*;

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "crate::db::conversation::Entity",
            from = "Column::ConversationId",
            to = "crate::db::conversation::Column::Id",
            on_delete = "Cascade"
        )]
        Conversation,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
