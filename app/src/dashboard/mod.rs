//! Dashboard: what the signed-in user's tasks add up to — counts, a 14-day chart of tasks created
//! and completed, open tasks by priority and the next few due. Every figure is an SQL aggregate
//! computed in the user's timezone (service.rs); the page draws its own SVG chart (view.rs).
pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::tasks::{Due, Priority};

/// How many days the chart covers: today and the 13 before it.
pub const CHART_DAYS: usize = 14;
/// How many upcoming tasks the dashboard lists.
pub const UPCOMING_LIMIT: u64 = 5;
/// "Due soon" means after today and at most this many days ahead.
pub const SOON_DAYS: u64 = 7;

/// Everything the dashboard page shows, computed at one instant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The user's local date the figures were computed for.
    pub today: NaiveDate,
    pub counts: Counts,
    /// Open tasks only.
    pub by_priority: PriorityCounts,
    /// `CHART_DAYS` entries, oldest first, ending with today.
    pub days: Vec<DayCount>,
    /// Open tasks due today or later, soonest first.
    pub upcoming: Vec<UpcomingTask>,
}

impl Dashboard {
    pub fn is_empty(&self) -> bool {
        self.counts.total == 0
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub total: u64,
    /// Not completed.
    pub active: u64,
    pub completed: u64,
    /// Open and late (the same rule as `crate::tasks::is_overdue`). This and the next two are
    /// counted up to `COUNT_CAP`; a value above it means "more than `COUNT_CAP`".
    pub overdue: u64,
    /// Open and due on today's date.
    pub due_today: u64,
    /// Open and due after today, within `SOON_DAYS` days.
    pub due_soon: u64,
    /// completed / total, between 0 and 1; 0 when there are no tasks.
    pub completion_rate: f64,
}

impl Counts {
    /// The completion rate as a whole percentage, for display.
    pub fn completion_percent(&self) -> u32 {
        // Clamped and finite by construction; the cast cannot wrap.
        (self.completion_rate.clamp(0.0, 1.0) * 100.0).round() as u32
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityCounts {
    pub none: u64,
    pub low: u64,
    pub medium: u64,
    pub high: u64,
}

impl PriorityCounts {
    pub fn get(&self, priority: Priority) -> u64 {
        match priority {
            Priority::None => self.none,
            Priority::Low => self.low,
            Priority::Medium => self.medium,
            Priority::High => self.high,
        }
    }

    pub fn add(&mut self, priority: Priority, n: u64) {
        match priority {
            Priority::None => self.none += n,
            Priority::Low => self.low += n,
            Priority::Medium => self.medium += n,
            Priority::High => self.high += n,
        }
    }
}

/// One day of the chart, in the user's timezone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub created: u64,
    pub completed: u64,
}

/// An open task with a due date, as the "Up next" list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingTask {
    pub number: i64,
    pub title: String,
    pub priority: Priority,
    pub due: Due,
    pub overdue: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_percent_rounds_and_clamps() {
        let counts = |rate| Counts {
            completion_rate: rate,
            ..Counts::default()
        };
        assert_eq!(counts(0.0).completion_percent(), 0);
        assert_eq!(counts(2.0 / 3.0).completion_percent(), 67);
        assert_eq!(counts(1.0).completion_percent(), 100);
        assert_eq!(counts(f64::NAN).completion_percent(), 0);
    }
}
