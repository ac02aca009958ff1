//! What a task is, as the UI, the agent and MCP see it, with the names its enums have in URLs,
//! forms and tool arguments (written once here: `as_str` and `FromStr`).
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::due::Due;
use super::wire;

/// How urgent a task is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[default]
    None,
    Low,
    Medium,
    High,
}

impl Priority {
    /// Highest first, as the filters and the dashboard list them.
    pub const ALL: [Priority; 4] = [
        Priority::High,
        Priority::Medium,
        Priority::Low,
        Priority::None,
    ];

    /// The lower-case name used in URLs, forms and tool arguments.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::None => "none",
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }
}

/// Stored as a small integer (`task.priority`), so "sort by priority" is a plain ORDER BY.
#[cfg(feature = "ssr")]
impl Priority {
    pub fn stored(self) -> i16 {
        self as i16
    }

    /// The priority of a stored value; an unknown one reads as none rather than failing.
    pub fn from_stored(value: i16) -> Priority {
        Priority::ALL
            .into_iter()
            .find(|p| p.stored() == value)
            .unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
impl From<Priority> for sea_orm::Value {
    fn from(priority: Priority) -> Self {
        priority.stored().into()
    }
}

/// A name that is none of an enum's names. The caller says what it expected: the enum's `ALL`
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownName;

/// The value among `all` whose name is `text` (trimmed, any case).
fn by_name<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    text: &str,
) -> Result<T, UnknownName> {
    let text = text.trim();
    all.iter()
        .copied()
        .find(|v| name(*v).eq_ignore_ascii_case(text))
        .ok_or(UnknownName)
}

impl FromStr for Priority {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        by_name(&Priority::ALL, Priority::as_str, text)
    }
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

impl StatusFilter {
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::All,
        StatusFilter::Active,
        StatusFilter::Completed,
        StatusFilter::Overdue,
        StatusFilter::Today,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Active => "active",
            StatusFilter::Completed => "completed",
            StatusFilter::Overdue => "overdue",
            StatusFilter::Today => "today",
        }
    }
}

impl FromStr for StatusFilter {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        by_name(&StatusFilter::ALL, StatusFilter::as_str, text)
    }
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

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Due,
        SortKey::Priority,
        SortKey::Created,
        SortKey::Title,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Due => "due",
            SortKey::Priority => "priority",
            SortKey::Created => "created",
            SortKey::Title => "title",
        }
    }
}

impl FromStr for SortKey {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        by_name(&SortKey::ALL, SortKey::as_str, text)
    }
}

/// Which due dates a list shows, beside its status ("due today" and "overdue" are statuses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueWindow {
    Tomorrow,
    /// From today to Sunday.
    ThisWeek,
    /// Next Monday to Sunday.
    NextWeek,
    /// No due date.
    None,
}

impl DueWindow {
    pub const ALL: [DueWindow; 4] = [
        DueWindow::Tomorrow,
        DueWindow::ThisWeek,
        DueWindow::NextWeek,
        DueWindow::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DueWindow::Tomorrow => "tomorrow",
            DueWindow::ThisWeek => "this week",
            DueWindow::NextWeek => "next week",
            DueWindow::None => "none",
        }
    }
}

impl FromStr for DueWindow {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        by_name(&DueWindow::ALL, DueWindow::as_str, text)
    }
}

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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskQuery {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    pub search: Option<String>,
    pub due: Option<DueWindow>,
    pub sort: SortKey,
    /// 0-based page of `per_page` tasks.
    pub page: u64,
    pub per_page: u64,
}

impl TaskQuery {
    /// True when the query narrows the list (a status other than all, a priority, tag or search).
    pub fn is_filtered(&self) -> bool {
        self.status != StatusFilter::All
            || self.priority.is_some()
            || self.tag.is_some()
            || self.search.is_some()
            || self.due.is_some()
    }
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

    #[test]
    fn every_name_reads_back_as_itself() {
        for p in Priority::ALL {
            assert_eq!(p.as_str().parse(), Ok(p));
        }
        for s in StatusFilter::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        for s in SortKey::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        for w in DueWindow::ALL {
            assert_eq!(w.as_str().parse(), Ok(w));
        }
        assert_eq!(" Active ".parse(), Ok(StatusFilter::Active));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn priorities_are_stored_as_their_rank() {
        let stored = Priority::ALL.map(Priority::stored);
        assert_eq!(stored, [3, 2, 1, 0]);
        for p in Priority::ALL {
            assert_eq!(Priority::from_stored(p.stored()), p);
        }
        assert_eq!(Priority::from_stored(42), Priority::None);
    }

    #[test]
    fn unknown_names_are_refused() {
        assert_eq!("soon".parse::<StatusFilter>(), Err(UnknownName));
        assert_eq!("urgent".parse::<Priority>(), Err(UnknownName));
        assert_eq!("up".parse::<SortKey>(), Err(UnknownName));
    }
}
