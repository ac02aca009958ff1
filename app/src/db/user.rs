use chrono::{DateTime, Utc};
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A person with an account. `password_hash` is skipped by serde, so it can never reach the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveEntityModel))]
#[cfg_attr(feature = "ssr", sea_orm(table_name = "user"))]
pub struct Model {
    #[cfg_attr(feature = "ssr", sea_orm(primary_key, auto_increment = false))]
    pub id: Uuid,
    #[cfg_attr(feature = "ssr", sea_orm(unique))]
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub timezone: String,
    /// The last task number handed out; task numbers are never reused.
    pub task_counter: i64,
    pub created_at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
pub use server::*;
#[cfg(feature = "ssr")]
mod server {
    use super::*;

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
