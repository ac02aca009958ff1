//! The dashboard's one server function. Thin: who is asking, then the service.
use leptos::prelude::*;

use super::Dashboard;
use crate::error::AppError;

/// The signed-in user's dashboard, computed at their local "now".
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::error::respond;
    respond(async {
        let user = crate::auth::api::require_user().await?;
        let db = crate::db::Db::from_context()?;
        super::service::dashboard(db.conn()?, user.id, &user.timezone, user.local_now()).await
    })
    .await
}
