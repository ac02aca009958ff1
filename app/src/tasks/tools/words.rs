//! What the tools say, in English: a task as a phrase or a list line, and what a list shows.
use chrono::NaiveDate;

use crate::tasks::{format_due, Priority, StatusFilter, Task};

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

pub fn status_words(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::All => "",
        StatusFilter::Active => "open ",
        StatusFilter::Completed => "completed ",
        StatusFilter::Overdue => "overdue ",
        StatusFilter::Today => "",
    }
}
