//! The tools' arguments as models and MCP clients send them, and how they are read: leniently
//! (a number as "3" or "#3", tags as a list or as one "work, home" text, dates in words), with a
//! sentence the caller can act on when something cannot be read.
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::AppError;
use crate::tasks::hints::{parse_due, parse_priority};
use crate::tasks::validate::split_tags;
use crate::tasks::{Due, DueWindow, Priority, SortKey, StatusFilter, TaskQuery, UnknownName};

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
    /// "tomorrow", "this week", "next week" or "none" (no due date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
}

/// The list's filters, without its order and length.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// What to work on next takes no arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextArgs {}

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
    /// Removes tags, keeping the others.
    #[serde(
        default,
        deserialize_with = "lenient_opt_tags",
        skip_serializing_if = "Option::is_none"
    )]
    pub remove_tags: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteManyArgs {
    /// "completed" or "all".
    pub status: String,
    /// True only after the user said yes to deleting them.
    #[serde(default)]
    pub confirmed: bool,
}

pub fn priority_arg(text: Option<&str>) -> Result<Option<Priority>, AppError> {
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

/// "a, b or c"
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The sentence for a name that is none of `names`.
fn not_one_of(text: &str, what: &str, names: &[&str]) -> String {
    let given = text.trim().to_lowercase();
    format!("{given:?} is not {what}: use {}.", one_of(names))
}

/// A status by its name, or by a word people and models use for it ("open", "done", "late").
pub fn status_arg(text: Option<&str>) -> Result<StatusFilter, AppError> {
    let text = text.unwrap_or_default();
    let lower = text.trim().to_lowercase();
    let name = match lower.as_str() {
        "" | "any" => "all",
        "pending" | "open" | "todo" | "incomplete" => "active",
        "done" | "finished" | "complete" => "completed",
        "late" => "overdue",
        "due today" | "due_today" => "today",
        other => other,
    };
    name.parse().map_err(|UnknownName| {
        let names = StatusFilter::ALL.map(StatusFilter::as_str);
        AppError::field("status", not_one_of(text, "a status", &names))
    })
}

/// A sort order by its name, or by a word people and models use for it ("newest", "name").
pub fn sort_arg(text: Option<&str>) -> Result<SortKey, AppError> {
    let text = text.unwrap_or_default();
    let lower = text.trim().to_lowercase();
    let name = match lower.as_str() {
        "" | "due date" | "due_date" | "date" => "due",
        "newest" | "created_at" => "created",
        "name" | "alphabetical" => "title",
        other => other,
    };
    name.parse().map_err(|UnknownName| {
        let names = SortKey::ALL.map(SortKey::as_str);
        AppError::field("sort", not_one_of(text, "a sort order", &names))
    })
}

/// A due window by its name ("this week"), also written "this_week" or "this-week"; "no date"
/// and "undated" mean none.
pub fn due_window_arg(text: Option<&str>) -> Result<Option<DueWindow>, AppError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let name = text.to_lowercase().replace(['_', '-'], " ");
    let name = match name.as_str() {
        "no date" | "no due date" | "undated" | "null" => "none",
        other => other,
    };
    name.parse().map(Some).map_err(|UnknownName| {
        let names = DueWindow::ALL.map(DueWindow::as_str);
        AppError::field("due", not_one_of(text, "a due window", &names))
    })
}

/// The query the filter arguments of a list or a count ask for.
pub fn filter_query(
    status: Option<&str>,
    priority: Option<&str>,
    tag: Option<&str>,
    search: Option<&str>,
    due: Option<&str>,
) -> Result<TaskQuery, AppError> {
    Ok(TaskQuery {
        status: status_arg(status)?,
        priority: priority_arg(priority)?,
        tag: tag.map(str::to_owned),
        search: search.map(str::to_owned),
        due: due_window_arg(due)?,
        ..TaskQuery::default()
    })
}

/// The status a bulk delete may target: completed tasks, or all of them.
pub fn bulk_status(text: &str) -> Option<StatusFilter> {
    match text.trim().to_lowercase().as_str() {
        "completed" | "done" | "finished" => Some(StatusFilter::Completed),
        "all" => Some(StatusFilter::All),
        _ => None,
    }
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
        Value::String(s) => split_tags(&s),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_status_or_sort_says_what_it_could_be() {
        let err = status_arg(Some(" Soon ")).unwrap_err();
        assert_eq!(
            err.field_message("status"),
            Some("\"soon\" is not a status: use all, active, completed, overdue or today.")
        );
        let err = sort_arg(Some("up")).unwrap_err();
        assert_eq!(
            err.field_message("sort"),
            Some("\"up\" is not a sort order: use due, priority, created or title.")
        );
        assert_eq!(status_arg(Some("open")).unwrap(), StatusFilter::Active);
        assert_eq!(sort_arg(None).unwrap(), SortKey::Due);
    }
}
