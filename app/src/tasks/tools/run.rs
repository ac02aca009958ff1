//! Running a tool for a user: each call goes through the one task service.
use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::args::{
    bulk_status, due_arg, priority_arg, sort_arg, status_arg, AddArgs, DeleteManyArgs, ListArgs,
    UpdateArgs,
};
use super::words::{status_words, task_line, task_phrase};
use super::{ToolCall, ToolOutput, DEFAULT_LIST_LIMIT};
use crate::error::AppError;
use crate::tasks::service;
use crate::tasks::validate::{PatchDraft, TaskDraft};
use crate::tasks::{StatusFilter, TaskQuery};

/// Runs one tool for `user_id`. Refusals (bad arguments, a missing task) are outputs with
/// `ok: false` and a sentence; only a failing database is an `Err`.
pub async fn run(
    db: &DatabaseConnection,
    user_id: Uuid,
    call: &ToolCall,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let result = match call {
        ToolCall::AddTask(args) => add(db, user_id, args, now).await,
        ToolCall::ListTasks(args) => list(db, user_id, args, now).await,
        ToolCall::CompleteTask(args) => set_done(db, user_id, args.number, true, now).await,
        ToolCall::ReopenTask(args) => set_done(db, user_id, args.number, false, now).await,
        ToolCall::UpdateTask(args) => update(db, user_id, args, now).await,
        ToolCall::DeleteTask(args) => delete(db, user_id, args.number, now).await,
        ToolCall::DeleteTasks(args) => delete_many(db, user_id, args, now).await,
    };
    match result {
        Ok(output) => Ok(output),
        Err(AppError::Unavailable) => Err(AppError::Unavailable),
        Err(AppError::Internal) => Err(AppError::Internal),
        Err(refusal) => Ok(ToolOutput::refused(refusal_sentence(&refusal))),
    }
}

fn refusal_sentence(error: &AppError) -> String {
    match error {
        AppError::Validation { fields, .. } if !fields.is_empty() => fields
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

async fn add(
    db: &DatabaseConnection,
    user_id: Uuid,
    args: &AddArgs,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let priority = priority_arg(args.priority.as_deref())?.unwrap_or_default();
    let due = match args.due.as_deref() {
        Some(text) => due_arg(text, now)?,
        None => None,
    };
    let input = TaskDraft {
        title: args.title.clone(),
        description: args.description.clone().unwrap_or_default(),
        priority,
        due,
        tags: args.tags.clone(),
    }
    .parse()?;
    let task = service::create(db, user_id, input, now).await?;
    let summary = format!("Added {}.", task_phrase(&task, now.date()));
    Ok(ToolOutput::done(summary, vec![task], true))
}

async fn list(
    db: &DatabaseConnection,
    user_id: Uuid,
    args: &ListArgs,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let status = status_arg(args.status.as_deref())?;
    let query = TaskQuery {
        status,
        priority: priority_arg(args.priority.as_deref())?,
        tag: args.tag.clone(),
        search: args.search.clone(),
        sort: sort_arg(args.sort.as_deref())?,
        page: 0,
        per_page: args
            .limit
            .map(|n| n.clamp(1, 100) as u64)
            .unwrap_or(DEFAULT_LIST_LIMIT),
    };
    let page = service::list(db, user_id, &query, now).await?;
    let today = now.date();

    // "3 open high-priority tasks tagged home matching 'rent' due today"
    let mut what = status_words(status).to_owned();
    if let Some(p) = query.priority {
        what.push_str(&format!("{}-priority ", p.as_str()));
    }
    let mut qualifiers = String::new();
    if let Some(tag) = query.tag.as_deref().filter(|t| !t.trim().is_empty()) {
        qualifiers.push_str(&format!(" tagged #{}", tag.trim().trim_start_matches('#')));
    }
    if let Some(search) = query.search.as_deref().filter(|s| !s.trim().is_empty()) {
        qualifiers.push_str(&format!(" matching '{}'", search.trim()));
    }
    if status == StatusFilter::Today {
        qualifiers.push_str(" due today");
    }
    let summary = if page.tasks.is_empty() {
        format!("You have no {what}tasks{qualifiers}.")
    } else {
        let noun = if page.total == 1 { "task" } else { "tasks" };
        let count = if page.total_capped {
            format!("more than {}", page.total)
        } else {
            page.total.to_string()
        };
        let mut text = format!("You have {count} {what}{noun}{qualifiers}:");
        for task in &page.tasks {
            text.push_str(&format!("\n- {}", task_line(task, today)));
        }
        let shown = page.tasks.len() as u64;
        if page.total > shown {
            text.push_str(&format!(
                "\n…and {} more on the task list.",
                page.total - shown
            ));
        }
        text
    };
    Ok(ToolOutput::done(summary, page.tasks, false))
}

async fn set_done(
    db: &DatabaseConnection,
    user_id: Uuid,
    number: i64,
    completed: bool,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let task = service::get_by_number(db, user_id, number, now).await?;
    let today = now.date();
    if task.completed == completed {
        let state = if completed {
            "already done"
        } else {
            "not done yet"
        };
        let summary = format!("#{} '{}' is {state}.", task.number, task.title);
        return Ok(ToolOutput::done(summary, vec![task], false));
    }
    let task = service::set_completed(db, user_id, task.id, completed, now).await?;
    let summary = if completed {
        format!("Marked #{} '{}' as done.", task.number, task.title)
    } else {
        format!("Reopened {}.", task_phrase(&task, today))
    };
    Ok(ToolOutput::done(summary, vec![task], true))
}

async fn update(
    db: &DatabaseConnection,
    user_id: Uuid,
    args: &UpdateArgs,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let current = service::get_by_number(db, user_id, args.number, now).await?;
    let mut patch = PatchDraft {
        title: args.title.clone(),
        description: args.description.clone(),
        priority: priority_arg(args.priority.as_deref())?,
        ..PatchDraft::default()
    };
    if let Some(text) = args.due.as_deref() {
        patch.due = Some(due_arg(text, now)?);
    }
    let mut tags = args.tags.clone();
    if let Some(extra) = &args.add_tags {
        // Parsing the patch normalizes and de-duplicates them (`Tags::parse`).
        let mut all = tags.unwrap_or_else(|| current.tags.clone());
        all.extend(extra.iter().cloned());
        tags = Some(all);
    }
    patch.tags = tags;
    if patch == PatchDraft::default() {
        return Err(AppError::field(
            "number",
            "Say what to change: the title, description, priority, due date or tags.",
        ));
    }
    let task = service::update(db, user_id, current.id, patch.parse()?, now).await?;
    let summary = format!("Updated {}.", task_phrase(&task, now.date()));
    Ok(ToolOutput::done(summary, vec![task], true))
}

async fn delete(
    db: &DatabaseConnection,
    user_id: Uuid,
    number: i64,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let task = service::get_by_number(db, user_id, number, now).await?;
    let task = service::delete(db, user_id, task.id, now).await?;
    let summary = format!("Deleted #{} '{}'.", task.number, task.title);
    Ok(ToolOutput::done(summary, vec![task], true))
}

async fn delete_many(
    db: &DatabaseConnection,
    user_id: Uuid,
    args: &DeleteManyArgs,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let status = bulk_status(&args.status).ok_or_else(|| {
        AppError::field(
            "status",
            "Only \"completed\" or \"all\" tasks can be deleted at once.",
        )
    })?;
    if !args.confirmed {
        return Err(AppError::field(
            "confirmed",
            "Deleting many tasks needs the user's confirmation first: ask them, then call again with confirmed: true.",
        ));
    }
    let count = service::delete_matching(db, user_id, status, now).await?;
    let what = if status == StatusFilter::Completed {
        "completed "
    } else {
        ""
    };
    let summary = match count {
        0 => format!("There were no {what}tasks to delete."),
        1 => format!("Deleted 1 {what}task."),
        n => format!("Deleted {n} {what}tasks."),
    };
    Ok(ToolOutput::done(summary, Vec::new(), count > 0))
}
