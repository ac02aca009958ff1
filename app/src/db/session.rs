use chrono::{DateTime, Utc};
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A server-side session (tower-sessions record). `user_id` is set once someone signs in, so
/// "sign out everywhere" is one delete by user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveEntityModel))]
#[cfg_attr(feature = "ssr", sea_orm(table_name = "session"))]
pub struct Model {
    #[cfg_attr(feature = "ssr", sea_orm(primary_key, auto_increment = false))]
    #[serde(skip)]
    pub id: String,
    pub user_id: Option<Uuid>,
    #[serde(skip)]
    pub data: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: String,
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
