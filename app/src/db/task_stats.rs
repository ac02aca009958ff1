//! Per-user task counts, kept by database triggers on `task` (migration 000005): the dashboard
//! reads them as one row instead of counting every task.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task_stats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub total: i64,
    pub completed: i64,
    pub open_none: i64,
    pub open_low: i64,
    pub open_medium: i64,
    pub open_high: i64,
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

impl ActiveModelBehavior for ActiveModel {}
