//! The dashboard's one server function. Thin: who is asking, then the service.
use leptos::prelude::*;

use super::Dashboard;
use crate::error::AppError;

/// The signed-in user's dashboard, computed at their local "now".
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::auth::api::{require_user, respond};
    respond(async {
        let (state, user) = require_user().await?;
        let now = crate::tasks::service::local_now(&user.timezone);
        super::service::dashboard(state.db.conn()?, user.id, &user.timezone, now).await
    })
    .await
}
