use leptos::prelude::*;

use super::SystemStatus;
use crate::error::AppError;

/// The server's view of itself: which database, how many migrations, which version.
#[server(endpoint = "status")]
pub async fn get_status() -> Result<SystemStatus, AppError> {
    crate::error::respond(async {
        let db = crate::db::Db::from_context()?;
        super::service::status(db.conn()?).await
    })
    .await
}
