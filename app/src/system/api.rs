use leptos::prelude::*;

use super::SystemStatus;
use crate::error::AppError;

/// The server's view of itself: which database, how many migrations, which version.
#[server(endpoint = "status")]
pub async fn get_status() -> Result<SystemStatus, AppError> {
    let state = crate::state::expect_state()?;
    let conn = state.db.conn().map_err(AppError::with_status)?;
    super::service::status(conn)
        .await
        .map_err(AppError::with_status)
}
