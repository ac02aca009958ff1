//! What a chat message asks for, understood without any model: "add a task to buy groceries
//! tomorrow", "what's overdue?", "mark task 3 as done", "delete the groceries one", "move #2 to
//! friday". Pure code (dates come from the caller's local "now"), so every case is a table test.
//! Titles, dates, priorities and tags are read by `tasks::hints`, never by a second parser.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::tasks::hints::{
    capitalize_first, numbered_ordinal, ordinal_word, parse_due, parse_priority, parse_quick_add,
    QuickAdd,
};
use crate::tasks::{Due, Priority, SortKey, StatusFilter};

/// How a message points at one task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskRef {
    /// "task 3", "#3", "number 3"
    Number(i64),
    /// "the second one": 1-based position in the list the agent showed last.
    Position(usize),
    /// "the last one" in that list.
    Last,
    /// "it", "that one": the task the conversation last added or changed.
    It,
    /// "the groceries one", "the one about rent": words of the title.
    Words(String),
}

/// Which tasks to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRequest {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    pub search: Option<String>,
    pub sort: SortKey,
}

/// One change to a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Title(String),
    Due(Option<Due>),
    Priority(Priority),
    AddTags(Vec<String>),
    Description(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    Add(QuickAdd),
    List(ListRequest),
    Complete(TaskRef),
    Reopen(TaskRef),
    Delete(TaskRef),
    /// "delete all completed": the agent asks for confirmation first.
    DeleteMany(StatusFilter),
    Update(TaskRef, Change),
    Greeting,
    /// Anything else: the agent answers with examples of what it can do.
    Unknown,
}

/// Reads one chat message.
pub fn understand(message: &str, now: NaiveDateTime) -> Intent {
    let original = message.trim().trim_end_matches(['.', '!', '?']).trim();
    let lower = original.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.is_empty() {
        return Intent::Unknown;
    }
    if let Some(intent) = greeting(&words) {
        return intent;
    }
    if let Some(intent) = delete_many(&lower) {
        return intent;
    }
    if let Some(rest) = add_request(original, &lower) {
        let mut parsed = parse_quick_add(rest, now);
        parsed.title = capitalize_first(&parsed.title);
        return if parsed.title.is_empty() {
            Intent::Unknown
        } else {
            Intent::Add(parsed)
        };
    }
    if let Some(intent) = update_request(original, &lower, now) {
        return intent;
    }
    if let Some(intent) = status_change(&lower) {
        return intent;
    }
    if let Some(request) = list_request(&lower) {
        return Intent::List(request);
    }
    Intent::Unknown
}

fn greeting(words: &[&str]) -> Option<Intent> {
    let first = words.first()?.trim_matches(|c: char| !c.is_alphanumeric());
    let greetings = ["hi", "hello", "hey", "thanks", "thank", "morning", "yo"];
    (words.len() <= 3 && greetings.contains(&first)).then_some(Intent::Greeting)
}

/// The text after an "add" phrase, in its original case: "Add a task to buy milk" → "buy milk".
fn add_request<'a>(original: &'a str, lower: &str) -> Option<&'a str> {
    const STARTS: &[&str] = &[
        "i need to remember to ",
        "i have to remember to ",
        "remind me to ",
        "don't forget to ",
        "dont forget to ",
        "remember to ",
        "i need to ",
        "i have to ",
        "i must ",
        "add ",
        "create ",
        "new task: ",
        "new task ",
        "todo: ",
        "todo ",
        "to do: ",
        "put ",
        "schedule ",
    ];
    let start = STARTS.iter().find(|s| lower.starts_with(*s))?;
    let mut rest = &original[start.len()..];
    // "add a task to buy groceries", "add task: x", "add a reminder to x", "add 'x' to my list"
    for filler in [
        "a new task to ",
        "a new task: ",
        "a new task ",
        "a task to ",
        "a task: ",
        "a task called ",
        "a task ",
        "task to ",
        "task: ",
        "task ",
        "a reminder to ",
        "a reminder ",
        "a todo to ",
        "a todo ",
        "an item to ",
        "to ",
    ] {
        if rest.to_lowercase().starts_with(filler) {
            rest = &rest[filler.len()..];
            break;
        }
    }
    for tail in [
        " to my list",
        " to the list",
        " to my tasks",
        " to my todo list",
    ] {
        if rest.to_lowercase().ends_with(tail) {
            rest = &rest[..rest.len() - tail.len()];
        }
    }
    Some(rest.trim())
}

fn delete_many(lower: &str) -> Option<Intent> {
    let all_done = [
        "delete all completed",
        "delete all done",
        "delete completed tasks",
        "clear completed",
        "remove all completed",
        "delete all the completed",
        "clear all completed",
        "delete all finished",
        "remove completed",
    ];
    if all_done.iter().any(|p| lower.starts_with(p)) {
        return Some(Intent::DeleteMany(StatusFilter::Completed));
    }
    let all = [
        "delete all tasks",
        "delete all my tasks",
        "delete everything",
        "remove all tasks",
        "clear all tasks",
    ];
    all.iter()
        .any(|p| lower.starts_with(p))
        .then_some(Intent::DeleteMany(StatusFilter::All))
}

/// "second", "2nd": a position in the last list shown.
fn ordinal(word: &str) -> Option<usize> {
    let n = ordinal_word(word).or_else(|| numbered_ordinal(word, false))?;
    usize::try_from(n).ok().filter(|n| *n > 0)
}

/// Finds the task reference in `text` (already lower-case, without the verb).
pub fn task_ref(text: &str) -> Option<TaskRef> {
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if matches!(
        words.as_slice(),
        ["it"] | ["that"] | ["this"] | ["that" | "this", "one" | "task"]
    ) {
        return Some(TaskRef::It);
    }
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return Some(TaskRef::Number(n));
        }
        if matches!(*w, "task" | "number" | "no" | "no.") {
            if let Some(n) = words
                .get(i + 1)
                .and_then(|n| n.trim_start_matches('#').parse::<i64>().ok())
            {
                return Some(TaskRef::Number(n));
            }
        }
    }
    if words.len() == 1 {
        if let Ok(n) = words[0].parse::<i64>() {
            return Some(TaskRef::Number(n));
        }
    }
    // "the second one", "the 2nd", "the last one"
    let stripped: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "the" | "one" | "task" | "item"))
        .collect();
    if let [w] = stripped.as_slice() {
        if *w == "last" {
            return Some(TaskRef::Last);
        }
        if let Some(n) = ordinal(w) {
            return Some(TaskRef::Position(n));
        }
    }
    // "the one about rent", "the groceries one", "the groceries task", "groceries"
    let mut text = cleaned.trim().to_owned();
    for prefix in [
        "the one about ",
        "the one for ",
        "the one with ",
        "the task about ",
        "the task ",
        "the ",
        "my ",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
            break;
        }
    }
    for suffix in [" one", " task", " item", " todo"] {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = rest.to_owned();
            break;
        }
    }
    let text = text.trim().trim_matches(['"', '\'', '“', '”']).to_owned();
    (!text.is_empty()).then_some(TaskRef::Words(text))
}

/// "mark task 3 as done", "complete #3", "i finished the groceries one", "reopen #2",
/// "delete the second one".
fn status_change(lower: &str) -> Option<Intent> {
    const DONE_WORDS: &[&str] = &[
        " as done",
        " as complete",
        " as completed",
        " as finished",
        " done",
        " complete",
        " completed",
        " finished",
        " as read",
    ];
    const UNDONE_WORDS: &[&str] = &[
        " as not done",
        " as undone",
        " as incomplete",
        " as not complete",
        " as pending",
        " as open",
        " not done",
        " undone",
        " incomplete",
    ];
    if let Some(rest) = lower
        .strip_prefix("mark ")
        .or_else(|| lower.strip_prefix("set "))
    {
        if let Some(target) = UNDONE_WORDS.iter().find_map(|w| rest.strip_suffix(w)) {
            return task_ref(target).map(Intent::Reopen);
        }
        if let Some(target) = DONE_WORDS.iter().find_map(|w| rest.strip_suffix(w)) {
            return task_ref(target).map(Intent::Complete);
        }
    }
    for verb in [
        "complete ",
        "finish ",
        "check off ",
        "tick off ",
        "i finished ",
        "i completed ",
        "i did ",
        "i've done ",
        "ive done ",
        "done with ",
        "close ",
    ] {
        if let Some(rest) = lower.strip_prefix(verb) {
            return task_ref(rest).map(Intent::Complete);
        }
    }
    for verb in ["reopen ", "uncomplete ", "unmark ", "undo "] {
        if let Some(rest) = lower.strip_prefix(verb) {
            return task_ref(rest).map(Intent::Reopen);
        }
    }
    for verb in ["delete ", "remove ", "drop ", "cancel ", "get rid of "] {
        if let Some(rest) = lower.strip_prefix(verb) {
            return task_ref(rest).map(Intent::Delete);
        }
    }
    // "#3 is done", "the groceries one is done"
    for tail in [" is done", " is finished", " is complete", " is completed"] {
        if let Some(target) = lower.strip_suffix(tail) {
            return task_ref(target).map(Intent::Complete);
        }
    }
    None
}

/// "rename #3 to Call mum", "move #2 to friday", "make #4 high priority", "tag #1 with work".
fn update_request(original: &str, lower: &str, now: NaiveDateTime) -> Option<Intent> {
    // The new title keeps its case, so cut it from the original at the same offset.
    let split_to = |prefix: &str| -> Option<(String, String)> {
        let rest_lower = lower.strip_prefix(prefix)?;
        let at = rest_lower.find(" to ")?;
        let target = rest_lower[..at].to_owned();
        let offset = prefix.len() + at + 4;
        Some((target, original.get(offset..)?.trim().to_owned()))
    };
    for prefix in [
        "rename ",
        "change the title of ",
        "change the name of ",
        "retitle ",
    ] {
        if let Some((target, title)) = split_to(prefix) {
            let title = title.trim_matches(['"', '\'', '“', '”']).to_owned();
            return Some(Intent::Update(
                task_ref(&target)?,
                Change::Title(capitalize_first(&title)),
            ));
        }
    }
    for prefix in [
        "move ",
        "reschedule ",
        "postpone ",
        "push ",
        "change the due date of ",
        "set the due date of ",
        "set due date of ",
        "change due date of ",
    ] {
        if let Some((target, when)) = split_to(prefix) {
            let due = match when.to_lowercase().as_str() {
                "no date" | "none" | "nothing" | "someday" => None,
                text => Some(parse_due(text, now)?),
            };
            return Some(Intent::Update(task_ref(&target)?, Change::Due(due)));
        }
    }
    if let Some(rest) = lower
        .strip_prefix("make ")
        .or_else(|| lower.strip_prefix("set "))
    {
        // "make #3 high priority", "set the groceries one to low priority", "make #2 urgent"
        let (target, level) = rest.split_once(" to ").or_else(|| {
            let cut = rest
                .rfind(" high")
                .or_else(|| rest.rfind(" low"))
                .or_else(|| rest.rfind(" medium"))
                .or_else(|| rest.rfind(" urgent"))?;
            Some((&rest[..cut], &rest[cut + 1..]))
        })?;
        let priority = parse_priority(
            level
                .trim_start_matches("priority ")
                .trim_end_matches(" priority"),
        )
        .or_else(|| parse_priority(level))?;
        return Some(Intent::Update(
            task_ref(target)?,
            Change::Priority(priority),
        ));
    }
    if let Some(rest) = lower.strip_prefix("tag ") {
        let (target, tags) = rest
            .split_once(" with ")
            .or_else(|| rest.split_once(" as "))?;
        let tags = tags
            .split([',', ' '])
            .map(|t| t.trim().trim_start_matches('#').to_owned())
            .filter(|t| !t.is_empty() && t != "and")
            .collect();
        return Some(Intent::Update(task_ref(target)?, Change::AddTags(tags)));
    }
    for prefix in ["describe ", "add a note to ", "add a description to "] {
        if let Some((target, text)) = split_to(prefix).or_else(|| {
            let rest = lower.strip_prefix(prefix)?;
            let at = rest.find(": ")?;
            Some((
                rest[..at].to_owned(),
                original.get(prefix.len() + at + 2..)?.trim().to_owned(),
            ))
        }) {
            return Some(Intent::Update(
                task_ref(&target)?,
                Change::Description(text),
            ));
        }
    }
    None
}

/// "what's overdue", "show my tasks", "list completed", "high priority tasks", "tasks tagged work",
/// "what's due today", "find rent".
fn list_request(lower: &str) -> Option<ListRequest> {
    let mut request = ListRequest::default();
    let asks = [
        "what",
        "show",
        "list",
        "which",
        "display",
        "give me",
        "tasks",
        "my tasks",
        "any",
        "do i",
        "find",
        "search",
        "get",
        "pending",
        "overdue",
        "completed",
        "open",
    ];
    if !asks.iter().any(|a| lower.starts_with(a)) && !lower.contains("tasks") {
        return None;
    }
    // A question must be about tasks: "what is the meaning of life" is not a list request.
    let about_tasks = [
        "task",
        "todo",
        "to do",
        "due",
        "overdue",
        "late",
        "today",
        "pending",
        "open",
        "completed",
        "done",
        "finished",
        "priority",
        "urgent",
        "important",
        "tag",
        "#",
        "left",
        "agenda",
        "list",
        "find",
        "search",
        "look for",
    ];
    if !about_tasks.iter().any(|k| lower.contains(k)) {
        return None;
    }
    for verb in ["find ", "search for ", "search ", "look for "] {
        if let Some(rest) = lower.strip_prefix(verb) {
            let text = rest
                .trim_start_matches("tasks about ")
                .trim_start_matches("tasks with ")
                .trim();
            request.search = (!text.is_empty()).then(|| text.to_owned());
            return Some(request);
        }
    }
    if lower.contains("overdue") || lower.contains("late") || lower.contains("past due") {
        request.status = StatusFilter::Overdue;
    } else if lower.contains("today") {
        request.status = StatusFilter::Today;
    } else if lower.contains("completed") || lower.contains(" done") || lower.contains("finished") {
        request.status = StatusFilter::Completed;
    } else if lower.contains("pending")
        || lower.contains("open")
        || lower.contains("active")
        || lower.contains("left")
        || lower.contains("to do")
        || lower.contains("todo")
    {
        request.status = StatusFilter::Active;
    }
    for (words, p) in [
        ("high priority", Priority::High),
        ("urgent", Priority::High),
        ("important", Priority::High),
        ("medium priority", Priority::Medium),
        ("low priority", Priority::Low),
    ] {
        if lower.contains(words) {
            request.priority = Some(p);
        }
    }
    for (words, sort) in [
        ("by priority", SortKey::Priority),
        ("by importance", SortKey::Priority),
        ("by title", SortKey::Title),
        ("by name", SortKey::Title),
        ("alphabetical", SortKey::Title),
        ("newest", SortKey::Created),
        ("most recent", SortKey::Created),
        ("by created", SortKey::Created),
        ("by creation", SortKey::Created),
    ] {
        if lower.contains(words) {
            request.sort = sort;
        }
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(tag) = w
            .strip_prefix('#')
            .filter(|t| !t.is_empty() && t.parse::<i64>().is_err())
        {
            request.tag = Some(tag.to_owned());
        }
        if matches!(*w, "tagged" | "tag") {
            if let Some(tag) = words.get(i + 1) {
                request.tag = Some(tag.trim_start_matches('#').to_owned());
            }
        }
    }
    Some(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap()
    }

    fn add(
        title: &str,
        date: Option<(u32, u32)>,
        priority: Option<Priority>,
        tags: &[&str],
    ) -> Intent {
        Intent::Add(QuickAdd {
            title: title.into(),
            due: date.map(|(m, d)| Due {
                date: NaiveDate::from_ymd_opt(2026, m, d).unwrap(),
                time: None,
            }),
            priority,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        })
    }

    fn words(w: &str) -> TaskRef {
        TaskRef::Words(w.into())
    }

    #[test]
    fn understands_task_commands() {
        let list = |status| {
            Intent::List(ListRequest {
                status,
                ..ListRequest::default()
            })
        };
        let cases: Vec<(&str, Intent)> = vec![
            (
                "add a task to buy groceries",
                add("Buy groceries", None, None, &[]),
            ),
            (
                "I need to remember to pay bills",
                add("Pay bills", None, None, &[]),
            ),
            (
                "add 'call the bank' tomorrow, high priority",
                add("Call the bank", Some((11, 26)), Some(Priority::High), &[]),
            ),
            (
                "Remind me to renew passport next friday #admin",
                add("Renew passport", Some((12, 4)), None, &["admin"]),
            ),
            (
                "add task: water plants in 3 days",
                add("Water plants", Some((11, 28)), None, &[]),
            ),
            (
                "create a task called Prepare slides urgent",
                add("Prepare slides", None, Some(Priority::High), &[]),
            ),
            ("add milk to my list", add("Milk", None, None, &[])),
            ("what's overdue?", list(StatusFilter::Overdue)),
            ("show my tasks", list(StatusFilter::All)),
            ("what's due today", list(StatusFilter::Today)),
            ("list completed tasks", list(StatusFilter::Completed)),
            ("what do I have left to do", list(StatusFilter::Active)),
            ("show pending tasks", list(StatusFilter::Active)),
            (
                "show high priority tasks",
                Intent::List(ListRequest {
                    priority: Some(Priority::High),
                    ..ListRequest::default()
                }),
            ),
            (
                "tasks tagged work",
                Intent::List(ListRequest {
                    tag: Some("work".into()),
                    ..ListRequest::default()
                }),
            ),
            (
                "show #home tasks",
                Intent::List(ListRequest {
                    tag: Some("home".into()),
                    ..ListRequest::default()
                }),
            ),
            (
                "find rent",
                Intent::List(ListRequest {
                    search: Some("rent".into()),
                    ..ListRequest::default()
                }),
            ),
            (
                "mark task 3 as complete",
                Intent::Complete(TaskRef::Number(3)),
            ),
            ("mark #3 as done", Intent::Complete(TaskRef::Number(3))),
            ("complete 7", Intent::Complete(TaskRef::Number(7))),
            (
                "mark the groceries one done",
                Intent::Complete(words("groceries")),
            ),
            (
                "I finished the second one",
                Intent::Complete(TaskRef::Position(2)),
            ),
            ("#4 is done", Intent::Complete(TaskRef::Number(4))),
            ("check off the last one", Intent::Complete(TaskRef::Last)),
            (
                "mark task 3 as not done",
                Intent::Reopen(TaskRef::Number(3)),
            ),
            ("reopen #2", Intent::Reopen(TaskRef::Number(2))),
            ("delete task 5", Intent::Delete(TaskRef::Number(5))),
            ("remove the one about rent", Intent::Delete(words("rent"))),
            (
                "delete all completed tasks",
                Intent::DeleteMany(StatusFilter::Completed),
            ),
            (
                "clear completed",
                Intent::DeleteMany(StatusFilter::Completed),
            ),
            (
                "rename #3 to Call Mum on Sunday",
                Intent::Update(
                    TaskRef::Number(3),
                    Change::Title("Call Mum on Sunday".into()),
                ),
            ),
            (
                "move #2 to next friday",
                Intent::Update(
                    TaskRef::Number(2),
                    Change::Due(Some(Due {
                        date: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
                        time: None,
                    })),
                ),
            ),
            (
                "reschedule the dentist one to tomorrow at 3pm",
                Intent::Update(
                    words("dentist"),
                    Change::Due(Some(Due {
                        date: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
                        time: NaiveTime::from_hms_opt(15, 0, 0),
                    })),
                ),
            ),
            (
                "move #2 to no date",
                Intent::Update(TaskRef::Number(2), Change::Due(None)),
            ),
            (
                "make #4 high priority",
                Intent::Update(TaskRef::Number(4), Change::Priority(Priority::High)),
            ),
            (
                "set the groceries one to low priority",
                Intent::Update(words("groceries"), Change::Priority(Priority::Low)),
            ),
            (
                "make task 2 urgent",
                Intent::Update(TaskRef::Number(2), Change::Priority(Priority::High)),
            ),
            (
                "tag #1 with work, home",
                Intent::Update(
                    TaskRef::Number(1),
                    Change::AddTags(vec!["work".into(), "home".into()]),
                ),
            ),
            ("hello", Intent::Greeting),
            ("what is the meaning of life", Intent::Unknown),
            ("sing me a song", Intent::Unknown),
            ("add", Intent::Unknown),
        ];
        for (message, expected) in cases {
            assert_eq!(understand(message, now()), expected, "{message:?}");
        }
    }

    #[test]
    fn references_by_number_position_and_words() {
        assert_eq!(task_ref("task 12"), Some(TaskRef::Number(12)));
        assert_eq!(task_ref("#12"), Some(TaskRef::Number(12)));
        assert_eq!(task_ref("number 4"), Some(TaskRef::Number(4)));
        assert_eq!(task_ref("the third one"), Some(TaskRef::Position(3)));
        assert_eq!(task_ref("the groceries task"), Some(words("groceries")));
        assert_eq!(task_ref("the one about the bank"), Some(words("the bank")));
        assert_eq!(task_ref("  "), None);
    }

    #[test]
    fn a_move_to_an_unreadable_date_is_not_guessed() {
        assert_ne!(
            std::mem::discriminant(&understand("move #2 to whenever works", now())),
            std::mem::discriminant(&Intent::Update(TaskRef::Number(2), Change::Due(None)))
        );
    }
}
