//! What the tools say, in English: a task as a phrase or a list line, and what a list shows.
use chrono::NaiveDate;

use crate::tasks::{format_due, DueWindow, Priority, StatusFilter, Task, TaskQuery};

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

fn status_words(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::All => "",
        StatusFilter::Active => "open ",
        StatusFilter::Completed => "completed ",
        StatusFilter::Overdue => "overdue ",
        StatusFilter::Today => "",
    }
}

/// What a query's tasks are, in two parts around the noun: ("open high-priority ",
/// " tagged #home matching 'rent' due today"), as in "3 open high-priority tasks tagged #home…".
pub fn query_words(query: &TaskQuery) -> (String, String) {
    let mut what = status_words(query.status).to_owned();
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
    if query.status == StatusFilter::Today {
        qualifiers.push_str(" due today");
    }
    match query.due {
        Some(DueWindow::None) => qualifiers.push_str(" without a due date"),
        Some(window) => qualifiers.push_str(&format!(" due {}", window.as_str())),
        None => {}
    }
    (what, qualifiers)
}

/// "3 tasks", "1 task", "more than 10000 tasks".
pub fn count_of(total: u64, capped: bool, what: &str) -> String {
    let noun = if total == 1 { "task" } else { "tasks" };
    if capped {
        format!("more than {total} {what}{noun}")
    } else {
        format!("{total} {what}{noun}")
    }
}
