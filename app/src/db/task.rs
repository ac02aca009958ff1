use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How urgent a task is. Stored as a small integer so "sort by priority" is a plain ORDER BY.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "i16", db_type = "SmallInteger"))]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(num_value = 0))]
    None,
    #[cfg_attr(feature = "ssr", sea_orm(num_value = 1))]
    Low,
    #[cfg_attr(feature = "ssr", sea_orm(num_value = 2))]
    Medium,
    #[cfg_attr(feature = "ssr", sea_orm(num_value = 3))]
    High,
}

impl Priority {
    /// The lower-case name used in URLs, forms and tool arguments.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::None => "none",
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }
}

/// One task. `number` is the per-user #1, #2, … that people and the agent use to refer to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveEntityModel))]
#[cfg_attr(feature = "ssr", sea_orm(table_name = "task"))]
pub struct Model {
    #[cfg_attr(feature = "ssr", sea_orm(primary_key, auto_increment = false))]
    pub id: Uuid,
    pub user_id: Uuid,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub completed: bool,
    pub priority: Priority,
    /// Calendar date in the owner's timezone.
    pub due_date: Option<NaiveDate>,
    /// Optional wall-clock time on `due_date`, in the owner's timezone.
    pub due_time: Option<NaiveTime>,
    /// JSON array of lower-cased tags.
    pub tags: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
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
