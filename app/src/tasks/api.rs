//! Task server functions: take the user from the session, call the task service, set the status.
use leptos::prelude::*;

use super::{Priority, Task, TaskPage, TaskQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::respond;

/// What every task call needs: the database, the signed-in user's id and their local "now".
#[cfg(feature = "ssr")]
async fn context() -> Result<
    (
        sea_orm::DatabaseConnection,
        uuid::Uuid,
        chrono::NaiveDateTime,
    ),
    AppError,
> {
    let user = crate::auth::api::require_user().await?;
    let conn = crate::db::Db::from_context()?.conn()?.clone();
    Ok((conn, user.id, user.local_now()))
}

#[server(endpoint = "tasks_list")]
pub async fn list_tasks(#[server(default)] query: TaskQuery) -> Result<TaskPage, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        super::service::list(&conn, user_id, &query, now).await
    })
    .await
}

/// Adds a task from a quick-add line ("Pay rent tomorrow !high #home").
#[server(endpoint = "tasks_add")]
pub async fn quick_add(text: String) -> Result<Task, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        let parsed = super::hints::parse_quick_add(&text, now);
        let input = super::validate::TaskDraft {
            title: parsed.title,
            description: String::new(),
            priority: parsed.priority.unwrap_or_default(),
            due: parsed.due,
            tags: parsed.tags,
        }
        .parse()
        // The quick-add box is one field: its errors belong to it.
        .map_err(|e| match e {
            AppError::Validation { message, fields } => AppError::Validation {
                message: fields
                    .first()
                    .map(|f| f.message.clone())
                    .unwrap_or(message.clone()),
                fields: fields
                    .into_iter()
                    .map(|f| crate::error::FieldError {
                        field: "text".into(),
                        message: f.message,
                    })
                    .collect(),
            },
            other => other,
        })?;
        super::service::create(&conn, user_id, input, now).await
    })
    .await
}

#[server(endpoint = "tasks_toggle")]
pub async fn toggle_task(id: uuid::Uuid, completed: bool) -> Result<Task, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        super::service::set_completed(&conn, user_id, id, completed, now).await
    })
    .await
}

/// Saves the inline edit form. `due` is free text read by the same date language as quick add;
/// empty clears it.
#[server(endpoint = "tasks_update")]
pub async fn update_task(
    id: uuid::Uuid,
    title: String,
    #[server(default)] description: String,
    #[server(default)] priority: Priority,
    #[server(default)] due: String,
    #[server(default)] tags: String,
) -> Result<Task, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        let due = match due.trim() {
            "" => None,
            text => Some(super::hints::parse_due(text, now).ok_or_else(|| {
                AppError::field("due", "That date wasn't understood. Try \"tomorrow\", \"fri 3pm\", \"dec 5\" or 2026-12-05.")
            })?),
        };
        let patch = super::validate::PatchDraft {
            title: Some(title),
            description: Some(description),
            priority: Some(priority),
            due: Some(due),
            tags: Some(super::validate::split_tags(&tags)),
            completed: None,
        }
        .parse()?;
        super::service::update(&conn, user_id, id, patch, now).await
    })
    .await
}

/// Deletes a task and returns it, so the page can offer "Undo".
#[server(endpoint = "tasks_delete")]
pub async fn delete_task(id: uuid::Uuid) -> Result<Task, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        super::service::delete(&conn, user_id, id, now).await
    })
    .await
}

#[server(endpoint = "tasks_restore")]
pub async fn restore_task(task: Task) -> Result<Task, AppError> {
    respond(async move {
        let (conn, user_id, now) = context().await?;
        super::service::restore(&conn, user_id, task, now).await
    })
    .await
}
