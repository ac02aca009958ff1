//! The task tools every agent uses — the built-in agent, the LLM agent and the MCP endpoint — and
//! their JSON schemas, written by hand (Gemini rejects `$schema`, `additionalProperties` and
//! `title` in tool schemas). A tool acts for the user its caller passes in (taken from the session
//! or the MCP token), never for anything named in its arguments, and every change goes through
//! the one task service.
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::chat::ToolCard;
use crate::error::AppError;
use crate::tasks::hints::{parse_due, parse_priority};
use crate::tasks::service::{self, NewTask};
use crate::tasks::{format_due, Due, Priority, SortKey, StatusFilter, Task, TaskPatch, TaskQuery};

/// How many tasks a list shows unless asked for more.
pub const DEFAULT_LIST_LIMIT: u64 = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddArgs {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// "2026-12-05", "2026-12-05 15:00" or words ("tomorrow at 3pm").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_tags",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberArgs {
    /// The task's number as the user sees it (#3).
    #[serde(deserialize_with = "lenient_number")]
    pub number: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateArgs {
    #[serde(deserialize_with = "lenient_number")]
    pub number: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// A new due date; "none" clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Replaces all tags.
    #[serde(
        default,
        deserialize_with = "lenient_opt_tags",
        skip_serializing_if = "Option::is_none"
    )]
    pub tags: Option<Vec<String>>,
    /// Adds tags, keeping the existing ones.
    #[serde(
        default,
        deserialize_with = "lenient_opt_tags",
        skip_serializing_if = "Option::is_none"
    )]
    pub add_tags: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteManyArgs {
    /// "completed" or "all".
    pub status: String,
    /// True only after the user said yes to deleting them.
    #[serde(default)]
    pub confirmed: bool,
}

/// One call of a tool, as an agent asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", content = "arguments", rename_all = "snake_case")]
pub enum ToolCall {
    AddTask(AddArgs),
    ListTasks(ListArgs),
    CompleteTask(NumberArgs),
    ReopenTask(NumberArgs),
    UpdateTask(UpdateArgs),
    DeleteTask(NumberArgs),
    DeleteTasks(DeleteManyArgs),
}

impl ToolCall {
    /// Reads a call from a tool name and its JSON arguments (as a model or an MCP client sends
    /// them); the error is a sentence the model can act on.
    pub fn parse(name: &str, arguments: Value) -> Result<ToolCall, String> {
        let arguments = match arguments {
            Value::Null => json!({}),
            other => other,
        };
        serde_json::from_value(json!({ "name": name, "arguments": arguments })).map_err(|e| {
            if TOOL_NAMES.contains(&name) {
                format!("The arguments for {name} are not valid: {e}.")
            } else {
                format!("There is no tool called {name:?}.")
            }
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            ToolCall::AddTask(_) => "add_task",
            ToolCall::ListTasks(_) => "list_tasks",
            ToolCall::CompleteTask(_) => "complete_task",
            ToolCall::ReopenTask(_) => "reopen_task",
            ToolCall::UpdateTask(_) => "update_task",
            ToolCall::DeleteTask(_) => "delete_task",
            ToolCall::DeleteTasks(_) => "delete_tasks",
        }
    }

    /// The arguments as compact JSON, fields in their declared order.
    pub fn arguments(&self) -> String {
        let json = match self {
            ToolCall::AddTask(a) => serde_json::to_string(a),
            ToolCall::ListTasks(a) => serde_json::to_string(a),
            ToolCall::CompleteTask(a) | ToolCall::ReopenTask(a) | ToolCall::DeleteTask(a) => {
                serde_json::to_string(a)
            }
            ToolCall::UpdateTask(a) => serde_json::to_string(a),
            ToolCall::DeleteTasks(a) => serde_json::to_string(a),
        };
        json.unwrap_or_else(|_| "{}".into())
    }

    /// `add_task {"title":"Buy milk"}`: how cards and tests show a call.
    pub fn describe(&self) -> String {
        format!("{} {}", self.name(), self.arguments())
    }
}

pub const TOOL_NAMES: &[&str] = &[
    "add_task",
    "list_tasks",
    "complete_task",
    "reopen_task",
    "update_task",
    "delete_task",
    "delete_tasks",
];

/// What a tool did: a sentence for the user (and the model), the tasks it touched or listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolOutput {
    pub ok: bool,
    pub summary: String,
    pub tasks: Vec<Task>,
    /// True when tasks changed, so the list and dashboard beside the chat refresh.
    pub changed: bool,
}

impl ToolOutput {
    fn refused(summary: impl Into<String>) -> Self {
        ToolOutput {
            ok: false,
            summary: summary.into(),
            tasks: Vec::new(),
            changed: false,
        }
    }

    fn done(summary: String, tasks: Vec<Task>, changed: bool) -> Self {
        ToolOutput {
            ok: true,
            summary,
            tasks,
            changed,
        }
    }

    /// The result as a model reads it: the sentence plus the tasks as plain data.
    pub fn for_model(&self, today: NaiveDate) -> Value {
        let tasks: Vec<Value> = self
            .tasks
            .iter()
            .map(|t| {
                json!({
                    "number": t.number,
                    "title": t.title,
                    "completed": t.completed,
                    "priority": t.priority.as_str(),
                    "due": t.due.map(|d| format_due(d, today)),
                    "tags": t.tags,
                    "overdue": t.overdue,
                })
            })
            .collect();
        json!({ "ok": self.ok, "result": self.summary, "tasks": tasks })
    }

    pub fn card(&self, call: &ToolCall) -> ToolCard {
        ToolCard {
            name: call.name().to_owned(),
            arguments: call.arguments(),
            ok: self.ok,
            summary: self.summary.clone(),
        }
    }
}

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

fn priority_arg(text: Option<&str>) -> Result<Option<Priority>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_priority(t).map(Some).ok_or_else(|| {
            AppError::field(
                "priority",
                format!("{t:?} is not a priority: use none, low, medium or high."),
            )
        }),
    }
}

/// A due date from a tool argument: ISO forms first ("2026-12-05", "2026-12-05T15:00:00"), then
/// the quick-add words ("tomorrow at 3pm"). `Ok(None)` means "no date".
pub fn due_arg(text: &str, now: NaiveDateTime) -> Result<Option<Due>, AppError> {
    let t = text.trim();
    if t.is_empty() || matches!(t.to_lowercase().as_str(), "none" | "no date" | "null") {
        return Ok(None);
    }
    let iso = t.replace('T', " ");
    let iso = iso.trim_end_matches('Z');
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(iso, format) {
            return Ok(Some(Due {
                date: at.date(),
                time: NaiveTime::from_hms_opt(at.hour(), at.minute(), 0),
            }));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        return Ok(Some(Due { date, time: None }));
    }
    parse_due(t, now).map(Some).ok_or_else(|| {
        AppError::field(
            "due",
            format!("I could not read {t:?} as a date. Try \"tomorrow\", \"next friday\" or 2026-12-05."),
        )
    })
}

/// The form of a due date in tool arguments: "2026-12-05" or "2026-12-05 15:00".
pub fn due_text(due: Due) -> String {
    match due.time {
        Some(t) => format!("{} {}", due.date.format("%Y-%m-%d"), t.format("%H:%M")),
        None => due.date.format("%Y-%m-%d").to_string(),
    }
}

/// "'Renew passport' — due Fri 5 Dec, high priority, #travel": what a confirmation says.
pub fn task_phrase(task: &Task, today: NaiveDate) -> String {
    let mut details = Vec::new();
    if let Some(due) = task.due {
        details.push(format!("due {}", format_due(due, today)));
    }
    if task.priority != Priority::None {
        details.push(format!("{} priority", task.priority.as_str()));
    }
    details.extend(task.tags.iter().map(|t| format!("#{t}")));
    if details.is_empty() {
        format!("#{} '{}'", task.number, task.title)
    } else {
        format!("#{} '{}' — {}", task.number, task.title, details.join(", "))
    }
}

/// One line of a list: "#3 Buy milk — due Fri 5 Dec, high priority (overdue)".
pub fn task_line(task: &Task, today: NaiveDate) -> String {
    let mut line = task_phrase(task, today);
    if task.completed {
        line.push_str(" (done)");
    } else if task.overdue {
        line.push_str(" (overdue)");
    }
    line
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
    let input = NewTask {
        title: args.title.clone(),
        description: args.description.clone().unwrap_or_default(),
        priority,
        due,
        tags: args.tags.clone(),
    };
    let task = service::create(db, user_id, input, now).await?;
    let summary = format!("Added {}.", task_phrase(&task, now.date()));
    Ok(ToolOutput::done(summary, vec![task], true))
}

fn status_arg(text: Option<&str>) -> Result<StatusFilter, AppError> {
    let text = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    Ok(match text.as_str() {
        "" | "all" | "any" => StatusFilter::All,
        "active" | "pending" | "open" | "todo" | "incomplete" => StatusFilter::Active,
        "completed" | "done" | "finished" | "complete" => StatusFilter::Completed,
        "overdue" | "late" => StatusFilter::Overdue,
        "today" | "due today" | "due_today" => StatusFilter::Today,
        other => {
            return Err(AppError::field(
                "status",
                format!("{other:?} is not a status: use all, active, completed, overdue or today."),
            ))
        }
    })
}

fn sort_arg(text: Option<&str>) -> Result<SortKey, AppError> {
    let text = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    Ok(match text.as_str() {
        "" | "due" | "due date" | "due_date" | "date" => SortKey::Due,
        "priority" => SortKey::Priority,
        "created" | "newest" | "created_at" => SortKey::Created,
        "title" | "name" | "alphabetical" => SortKey::Title,
        other => {
            return Err(AppError::field(
                "sort",
                format!("{other:?} is not a sort order: use due, priority, created or title."),
            ))
        }
    })
}

fn status_words(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::All => "",
        StatusFilter::Active => "open ",
        StatusFilter::Completed => "completed ",
        StatusFilter::Overdue => "overdue ",
        StatusFilter::Today => "",
    }
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
    let mut patch = TaskPatch {
        title: args.title.clone(),
        description: args.description.clone(),
        priority: priority_arg(args.priority.as_deref())?,
        ..TaskPatch::default()
    };
    if let Some(text) = args.due.as_deref() {
        patch.due = Some(due_arg(text, now)?);
    }
    let mut tags = args.tags.clone();
    if let Some(extra) = &args.add_tags {
        // The task service normalizes and de-duplicates tags (`parse_tags`).
        let mut all = tags.unwrap_or_else(|| current.tags.clone());
        all.extend(extra.iter().cloned());
        tags = Some(all);
    }
    patch.tags = tags;
    if patch == TaskPatch::default() {
        return Err(AppError::field(
            "number",
            "Say what to change: the title, description, priority, due date or tags.",
        ));
    }
    let task = service::update(db, user_id, current.id, patch, now).await?;
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

/// The status a bulk delete may target: completed tasks, or all of them.
pub fn bulk_status(text: &str) -> Option<StatusFilter> {
    match text.trim().to_lowercase().as_str() {
        "completed" | "done" | "finished" => Some(StatusFilter::Completed),
        "all" => Some(StatusFilter::All),
        _ => None,
    }
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

fn lenient_number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .ok_or_else(|| serde::de::Error::custom("a task number must be a whole number")),
        Value::String(s) => s
            .trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("{s:?} is not a task number"))),
        _ => Err(serde::de::Error::custom(
            "a task number must be a number like 3",
        )),
    }
}

fn lenient_opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        other => lenient_number(other)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Tags as a list, or as one "work, home" string (some models send that).
fn tags_from(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Value::String(s) => crate::tasks::service::split_tags(&s),
        _ => Vec::new(),
    }
}

fn lenient_tags<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(tags_from(Value::deserialize(d)?))
}

fn lenient_opt_tags<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        other => Ok(Some(tags_from(other))),
    }
}

/// A tool as models and MCP clients see it.
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: Value,
}

/// The tool schemas, by hand: plain JSON Schema objects without `$schema`,
/// `additionalProperties` or `title`, which some providers reject.
pub fn specs() -> Vec<ToolSpec> {
    let number =
        json!({"type": "integer", "description": "The task's number, as shown: 3 for #3."});
    let priority = json!({"type": "string", "enum": ["none", "low", "medium", "high"]});
    let due = json!({"type": "string", "description": "Due date as YYYY-MM-DD, or YYYY-MM-DD HH:MM with a time, in the user's timezone."});
    let tags = json!({"type": "array", "items": {"type": "string"}});
    vec![
        ToolSpec {
            name: "add_task",
            description: "Add a task for the user.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "title": {"type": "string", "description": "Short title, without the date, priority or tags."},
                    "description": {"type": "string"},
                    "priority": priority,
                    "due": due,
                    "tags": tags,
                },
                "required": ["title"],
            }),
        },
        ToolSpec {
            name: "list_tasks",
            description: "List the user's tasks, filtered and sorted. Use it to find a task's number.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["all", "active", "completed", "overdue", "today"]},
                    "priority": priority,
                    "tag": {"type": "string"},
                    "search": {"type": "string", "description": "Words in the title or description."},
                    "sort": {"type": "string", "enum": ["due", "priority", "created", "title"]},
                    "limit": {"type": "integer", "description": "At most this many tasks (default 20)."},
                },
            }),
        },
        ToolSpec {
            name: "complete_task",
            description: "Mark a task as done.",
            parameters: json!({"type": "object", "properties": {"number": number}, "required": ["number"]}),
        },
        ToolSpec {
            name: "reopen_task",
            description: "Mark a done task as not done.",
            parameters: json!({"type": "object", "properties": {"number": number}, "required": ["number"]}),
        },
        ToolSpec {
            name: "update_task",
            description: "Change a task's title, description, priority, due date or tags. Only the given fields change; due \"none\" clears the date.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "number": number,
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "priority": priority,
                    "due": due,
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "Replaces all tags."},
                    "add_tags": {"type": "array", "items": {"type": "string"}, "description": "Adds tags, keeping the others."},
                },
                "required": ["number"],
            }),
        },
        ToolSpec {
            name: "delete_task",
            description: "Delete one task.",
            parameters: json!({"type": "object", "properties": {"number": number}, "required": ["number"]}),
        },
        ToolSpec {
            name: "delete_tasks",
            description: "Delete all completed tasks, or all tasks. Ask the user to confirm first, then call with confirmed true.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["completed", "all"]},
                    "confirmed": {"type": "boolean"},
                },
                "required": ["status", "confirmed"],
            }),
        },
    ]
}
