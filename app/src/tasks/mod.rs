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
pub mod wire;

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
    #[serde(with = "wire::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "wire::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(default, with = "wire::utc_option")]
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
    let mut out = String::with_capacity(20);
    write_due(&mut out, due, today);
    out
}

/// `format_due`, appended to `out`. Written out rather than with `format("%a %-d %b")`, which
/// parses its pattern on every call, and without `format!`: a list page writes up to 200 dates.
pub fn write_due(out: &mut String, due: Due, today: NaiveDate) {
    use chrono::{Datelike, Timelike};
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let two_digits = |out: &mut String, n: u32| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let d = due.date;
    let mut number = itoa::Buffer::new();
    out.push_str(WEEKDAYS[d.weekday().num_days_from_monday() as usize]);
    out.push(' ');
    out.push_str(number.format(d.day()));
    out.push(' ');
    out.push_str(MONTHS[d.month0() as usize]);
    if d.year() != today.year() {
        out.push(' ');
        out.push_str(number.format(d.year()));
    }
    if let Some(t) = due.time {
        out.push(' ');
        two_digits(out, t.hour());
        out.push(':');
        two_digits(out, t.minute());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn due(y: i32, m: u32, d: u32, time: Option<(u32, u32)>) -> Due {
        Due {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: time.and_then(|(h, min)| chrono::NaiveTime::from_hms_opt(h, min, 0)),
        }
    }

    #[test]
    fn due_dates_read_as_words_with_the_year_only_when_it_differs() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(format_due(due(2026, 12, 5, None), today), "Sat 5 Dec");
        assert_eq!(format_due(due(2026, 11, 29, None), today), "Sun 29 Nov");
        assert_eq!(format_due(due(2027, 1, 11, None), today), "Mon 11 Jan 2027");
        assert_eq!(
            format_due(due(2026, 11, 25, Some((9, 5))), today),
            "Wed 25 Nov 09:05"
        );
        assert_eq!(
            format_due(due(2025, 3, 31, Some((23, 59))), today),
            "Mon 31 Mar 2025 23:59"
        );
    }
}
