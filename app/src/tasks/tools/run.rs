//! Running a tool for a user: each call goes through the one task service.
use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::args::{
    bulk_status, due_arg, filter_query, priority_arg, sort_arg, AddArgs, CountArgs, DeleteManyArgs,
    ListArgs, UpdateArgs,
};
use super::words::{count_of, query_words, task_line, task_phrase};
use super::{ToolCall, ToolOutput, DEFAULT_LIST_LIMIT};
use crate::error::AppError;
use crate::tasks::service;
use crate::tasks::validate::{PatchDraft, TaskDraft};
use crate::tasks::{format_due, Priority, StatusFilter, Task, TaskQuery};

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
        ToolCall::CountTasks(args) => count(db, user_id, args, now).await,
        ToolCall::SuggestNext(_) => suggest_next(db, user_id, now).await,
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
    let query = TaskQuery {
        sort: sort_arg(args.sort.as_deref())?,
        per_page: args
            .limit
            .map(|n| n.clamp(1, 100) as u64)
            .unwrap_or(DEFAULT_LIST_LIMIT),
        ..filter_query(
            args.status.as_deref(),
            args.priority.as_deref(),
            args.tag.as_deref(),
            args.search.as_deref(),
            args.due.as_deref(),
        )?
    };
    let page = service::list(db, user_id, &query, now).await?;
    let today = now.date();
    let (what, qualifiers) = query_words(&query);
    let summary = if page.tasks.is_empty() {
        format!("You have no {what}tasks{qualifiers}.")
    } else {
        let count = count_of(page.total, page.total_capped, &what);
        let mut text = format!("You have {count}{qualifiers}:");
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

async fn count(
    db: &DatabaseConnection,
    user_id: Uuid,
    args: &CountArgs,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    let query = filter_query(
        args.status.as_deref(),
        args.priority.as_deref(),
        args.tag.as_deref(),
        args.search.as_deref(),
        args.due.as_deref(),
    )?;
    let (total, capped) = service::count(db, user_id, &query, now).await?;
    let (what, qualifiers) = query_words(&query);
    let summary = match total {
        0 => format!("You have no {what}tasks{qualifiers}."),
        n => format!("You have {}{qualifiers}.", count_of(n, capped, &what)),
    };
    Ok(ToolOutput::done(summary, Vec::new(), false))
}

/// What to do next: overdue tasks first, then those due today, then high priority ones, each
/// with why; the soonest open ones when none of those exist.
async fn suggest_next(
    db: &DatabaseConnection,
    user_id: Uuid,
    now: NaiveDateTime,
) -> Result<ToolOutput, AppError> {
    const MOST: usize = 5;
    let today = now.date();
    let open = |status, priority| TaskQuery {
        status,
        priority,
        per_page: MOST as u64,
        ..TaskQuery::default()
    };
    let mut picked: Vec<(Task, String)> = Vec::new();
    let groups = [
        open(StatusFilter::Overdue, None),
        open(StatusFilter::Today, None),
        open(StatusFilter::Active, Some(Priority::High)),
    ];
    for query in groups {
        for task in service::list(db, user_id, &query, now).await?.tasks {
            if picked.len() < MOST && !picked.iter().any(|(t, _)| t.id == task.id) {
                let why = reason(&task, today);
                picked.push((task, why));
            }
        }
    }
    let summary = if picked.is_empty() {
        let soonest = service::list(db, user_id, &open(StatusFilter::Active, None), now).await?;
        if soonest.tasks.is_empty() {
            return Ok(ToolOutput::done(
                "You have no open tasks: nothing to do next.".into(),
                Vec::new(),
                false,
            ));
        }
        picked = soonest
            .tasks
            .into_iter()
            .take(3)
            .map(|t| (t, "next in line".to_owned()))
            .collect();
        "Nothing is overdue, due today or high priority. The next in line:".to_owned()
    } else {
        "Here is what I would work on next:".to_owned()
    };
    let mut text = summary;
    for (i, (task, why)) in picked.iter().enumerate() {
        text.push_str(&format!(
            "\n{}. #{} '{}' — {why}",
            i + 1,
            task.number,
            task.title
        ));
    }
    Ok(ToolOutput::done(
        text,
        picked.into_iter().map(|(t, _)| t).collect(),
        false,
    ))
}

/// Why a task is worth doing next: "overdue since Mon 23 Nov", "due today at 10:00", "high
/// priority, due Fri 27 Nov".
fn reason(task: &Task, today: NaiveDate) -> String {
    match task.due {
        Some(due) if task.overdue => format!("overdue since {}", format_due(due, today)),
        Some(due) if due.date == today => match due.time {
            Some(time) => format!("due today at {}", time.format("%H:%M")),
            None => "due today".to_owned(),
        },
        Some(due) if task.priority == Priority::High => {
            format!("high priority, due {}", format_due(due, today))
        }
        _ if task.priority == Priority::High => "high priority".to_owned(),
        _ => "next in line".to_owned(),
    }
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
    if args.add_tags.is_some() || args.remove_tags.is_some() {
        // Parsing the patch normalizes and de-duplicates them (`Tags::parse`).
        let mut all = tags.unwrap_or_else(|| current.tags.clone());
        all.extend(args.add_tags.iter().flatten().cloned());
        if let Some(gone) = &args.remove_tags {
            let gone: Vec<String> = gone
                .iter()
                .map(|t| t.trim().trim_start_matches('#').to_lowercase())
                .collect();
            all.retain(|t| !gone.contains(&t.to_lowercase()));
        }
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
