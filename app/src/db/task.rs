use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::entity::prelude::*;
use uuid::Uuid;

/// One task. `number` is the per-user #1, #2, … that people and the agent use to refer to it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub completed: bool,
    /// `tasks::Priority` as a small integer (0 none … 3 high), so "sort by priority" is a
    /// plain ORDER BY.
    pub priority: i16,
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
