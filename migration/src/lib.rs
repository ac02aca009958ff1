//! Database migrations for taskpilot. Run at server start-up, or by hand:
//! `cargo run -p migration -- up|down|status|fresh`.
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_schema;
mod m20261125_000002_task_due_order_index;
mod m20261125_000003_task_priority_index;
mod m20261125_000004_create_api_token;
mod m20261125_000005_task_stats;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_schema::Migration),
            Box::new(m20261125_000002_task_due_order_index::Migration),
            Box::new(m20261125_000003_task_priority_index::Migration),
            Box::new(m20261125_000004_create_api_token::Migration),
            Box::new(m20261125_000005_task_stats::Migration),
        ]
    }
}
