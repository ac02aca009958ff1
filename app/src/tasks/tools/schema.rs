//! Every tool once: its name, what it is for, and its arguments' JSON schema, written by hand as
//! plain JSON Schema objects without `$schema`, `additionalProperties` or `title`, which some
//! providers (Gemini) reject. A test checks each schema against the argument struct it describes.
use serde_json::{json, Value};

use crate::tasks::{DueWindow, Priority, SortKey, StatusFilter};

/// The tools the chat agents and MCP offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    AddTask,
    ListTasks,
    CountTasks,
    SuggestNext,
    CompleteTask,
    ReopenTask,
    UpdateTask,
    DeleteTask,
    DeleteTasks,
}

impl Tool {
    /// In the order models and MCP clients list them.
    pub const ALL: [Tool; 9] = [
        Tool::AddTask,
        Tool::ListTasks,
        Tool::CountTasks,
        Tool::SuggestNext,
        Tool::CompleteTask,
        Tool::ReopenTask,
        Tool::UpdateTask,
        Tool::DeleteTask,
        Tool::DeleteTasks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tool::AddTask => "add_task",
            Tool::ListTasks => "list_tasks",
            Tool::CountTasks => "count_tasks",
            Tool::SuggestNext => "suggest_next",
            Tool::CompleteTask => "complete_task",
            Tool::ReopenTask => "reopen_task",
            Tool::UpdateTask => "update_task",
            Tool::DeleteTask => "delete_task",
            Tool::DeleteTasks => "delete_tasks",
        }
    }

    pub fn named(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Tool::AddTask => "Add a task for the user.",
            Tool::ListTasks => {
                "List the user's tasks, filtered and sorted. Use it to find a task's number."
            }
            Tool::CountTasks => "Count the user's tasks that match the filters.",
            Tool::SuggestNext => {
                "What to work on next: overdue tasks, then those due today, then high priority \
                 ones, each with the reason."
            }
            Tool::CompleteTask => "Mark a task as done.",
            Tool::ReopenTask => "Mark a done task as not done.",
            Tool::UpdateTask => {
                "Change a task's title, description, priority, due date or tags. Only the given \
                 fields change; due \"none\" clears the date."
            }
            Tool::DeleteTask => "Delete one task.",
            Tool::DeleteTasks => {
                "Delete all completed tasks, or all tasks. Ask the user to confirm first, then \
                 call with confirmed true."
            }
        }
    }

    /// The JSON schema of the tool's arguments.
    pub fn parameters(self) -> Value {
        let number =
            json!({"type": "integer", "description": "The task's number, as shown: 3 for #3."});
        let priorities: Vec<&str> = Priority::ALL.iter().rev().map(|p| p.as_str()).collect();
        let priority = json!({"type": "string", "enum": priorities});
        let due = json!({"type": "string", "description": "Due date as YYYY-MM-DD, or YYYY-MM-DD HH:MM with a time, in the user's timezone."});
        let tags = json!({"type": "array", "items": {"type": "string"}});
        let filters = |extra: Value| {
            let mut properties = json!({
                "status": {"type": "string", "enum": StatusFilter::ALL.map(StatusFilter::as_str)},
                "priority": priority,
                "tag": {"type": "string"},
                "search": {"type": "string", "description": "Words in the title or description."},
                "due": {"type": "string", "enum": DueWindow::ALL.map(DueWindow::as_str), "description": "Due tomorrow, this week (today to Sunday), next week, or none (no due date)."},
            });
            if let (Some(all), Value::Object(more)) = (properties.as_object_mut(), extra) {
                all.extend(more);
            }
            json!({"type": "object", "properties": properties})
        };
        let just_number =
            || json!({"type": "object", "properties": {"number": number}, "required": ["number"]});
        match self {
            Tool::AddTask => json!({
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
            Tool::ListTasks => filters(json!({
                "sort": {"type": "string", "enum": SortKey::ALL.map(SortKey::as_str)},
                "limit": {"type": "integer", "description": "At most this many tasks (default 20)."},
            })),
            Tool::CountTasks => filters(json!({})),
            Tool::SuggestNext => json!({"type": "object", "properties": {}}),
            Tool::CompleteTask | Tool::ReopenTask | Tool::DeleteTask => just_number(),
            Tool::UpdateTask => json!({
                "type": "object",
                "properties": {
                    "number": number,
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "priority": priority,
                    "due": due,
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "Replaces all tags."},
                    "add_tags": {"type": "array", "items": {"type": "string"}, "description": "Adds tags, keeping the others."},
                    "remove_tags": {"type": "array", "items": {"type": "string"}, "description": "Removes these tags, keeping the others."},
                },
                "required": ["number"],
            }),
            Tool::DeleteTasks => json!({
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["completed", "all"]},
                    "confirmed": {"type": "boolean"},
                },
                "required": ["status", "confirmed"],
            }),
        }
    }
}
