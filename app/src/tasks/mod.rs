//! Tasks: the quick-add/date language, the one task service (validation, ownership, queries) that
//! the UI, the dashboard and the chat agent all call, its server functions and its views.
pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod hints;
pub mod row;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::db::task::Priority;

/// Bumped when tasks change outside the task list (the chat agent), so the list and the dashboard
/// fetch again. Provided once by the app.
#[derive(Clone, Copy, Debug)]
pub struct TasksChanged(pub leptos::prelude::RwSignal<u32>);
pub use hints::Due;

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const MAX_TAGS: usize = 10;
pub const TAG_MAX_CHARS: usize = 30;

/// A task as the UI and the agent see it: tags as a list, and whether it is late, computed in
/// the owner's timezone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub completed: bool,
    pub priority: Priority,
    pub due: Option<Due>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub due_today: bool,
}

/// Late: not done, and due on an earlier day, or earlier today at a time already past. A task due
/// today without a time is due today, not overdue.
pub fn is_overdue(completed: bool, due: Option<Due>, now: NaiveDateTime) -> bool {
    match due {
        Some(Due { date, time }) if !completed => {
            date < now.date() || (date == now.date() && time.is_some_and(|t| t < now.time()))
        }
        _ => false,
    }
}

pub fn is_due_today(completed: bool, due: Option<Due>, today: NaiveDate) -> bool {
    !completed && due.is_some_and(|d| d.date == today)
}

/// "Fri 5 Dec", "Fri 5 Dec 2027", with " 09:30" when there is a time.
pub fn format_due(due: Due, today: NaiveDate) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    // Written out rather than with `format("%a %-d %b")`, which parses its pattern on every call
    // (a list page formats up to 200 dates).
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let d = due.date;
    let mut out = format!(
        "{} {} {}",
        d.weekday(),
        d.day(),
        MONTHS[d.month0() as usize]
    );
    if d.year() != today.year() {
        let _ = write!(out, " {}", d.year());
    }
    if let Some(t) = due.time {
        let _ = write!(out, " {:02}:{:02}", t.hour(), t.minute());
    }
    out
}

/// What a new task is made of, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTask {
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub due: Option<Due>,
    pub tags: Vec<String>,
}

/// A change to a task: only the fields that are `Some` change. `due: Some(None)` clears the date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub priority: Option<Priority>,
    pub due: Option<Option<Due>>,
    pub tags: Option<Vec<String>>,
    pub completed: Option<bool>,
}

/// Which tasks a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    #[default]
    All,
    Active,
    Completed,
    Overdue,
    Today,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    #[default]
    Due,
    Priority,
    Created,
    Title,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskQuery {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    pub search: Option<String>,
    pub sort: SortKey,
    /// 0-based page of `per_page` tasks.
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    pub total: u64,
    /// True when there are more than `total` (= `COUNT_CAP`) matching tasks.
    pub total_capped: bool,
    pub page: u64,
    pub per_page: u64,
    pub has_more: bool,
}

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;
/// Lists count their tasks exactly up to this many; beyond it the total reads "10,000+".
pub const COUNT_CAP: u64 = 10_000;
/// Pages past this are clamped: a hand-edited `?page=` must not overflow an offset.
pub const MAX_PAGE: u64 = 1_000_000;
