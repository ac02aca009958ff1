use chrono::{DateTime, Utc};
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A bearer token for the MCP endpoint. The token itself is shown once at creation; only its
/// hash is kept, so a copy of the table opens nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveEntityModel))]
#[cfg_attr(feature = "ssr", sea_orm(table_name = "api_token"))]
pub struct Model {
    #[cfg_attr(feature = "ssr", sea_orm(primary_key, auto_increment = false))]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[cfg(feature = "ssr")]
pub use server::*;
#[cfg(feature = "ssr")]
mod server {
    use super::*;

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "crate::db::user::Entity",
            from = "Column::UserId",
            to = "crate::db::user::Column::Id",
            on_delete = "Cascade"
        )]
        User,
    }

    impl Related<crate::db::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
