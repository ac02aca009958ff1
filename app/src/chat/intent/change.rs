//! Changing tasks that exist: complete, reopen, delete, and every attribute — "rename #3 to …",
//! "move the groceries to saturday", "delay task 11 by 3 days", "make task 4 high priority",
//! "remove the work tag from task 1", "clear the due date of task 2", "describe #8 as …" — and
//! statements about them: "the weekly report is done", "task 5 is due tomorrow", "I called mom".
//! A word like "remove" deletes a task only when the task itself is what it removes.
use chrono::NaiveDateTime;

use super::refs::{task_ref, task_refs, TaskRef};
use super::words::{
    ends, find, has_any, norm_text, raw_text, skip_leading, skip_trailing, starts, Word,
};
use super::{Change, Intent};
use crate::tasks::hints::{
    capitalize_first, number_word, parse_due, parse_priority, parse_quick_add, QuickAdd,
};
use crate::tasks::validate::parse_tag;
use crate::tasks::{Priority, StatusFilter};

/// What a part of a sentence says about a task's state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Done,
    Open,
}

const DONE_WORDS: &[&[&str]] = &[
    &["as", "done"],
    &["as", "complete"],
    &["as", "completed"],
    &["as", "finished"],
    &["as", "checked"],
    &["as", "read"],
    &["done"],
    &["complete"],
    &["completed"],
    &["finished"],
    &["checked"],
    &["off"],
];

const OPEN_WORDS: &[&[&str]] = &[
    &["as", "not", "done"],
    &["as", "not", "complete"],
    &["as", "not", "completed"],
    &["as", "not", "finished"],
    &["as", "undone"],
    &["as", "incomplete"],
    &["as", "unfinished"],
    &["as", "open"],
    &["as", "pending"],
    &["as", "active"],
    &["as", "to", "do"],
    &["as", "todo"],
    &["not", "done"],
    &["not", "complete"],
    &["not", "completed"],
    &["undone"],
    &["incomplete"],
    &["unfinished"],
    &["open"],
    &["pending"],
    &["active"],
];

/// The state a phrase names ("done", "not done", "back to open").
fn status_value(ws: &[Word]) -> Option<Status> {
    let ws = skip_leading(ws, &["back", "to", "as", "be"]);
    let text = norm_text(ws);
    if OPEN_WORDS
        .iter()
        .any(|p| norm_text_of(p) == text || format!("as {text}") == norm_text_of(p))
        || matches!(
            text.as_str(),
            "to do" | "todo" | "not done yet" | "uncompleted"
        )
    {
        return Some(Status::Open);
    }
    if DONE_WORDS.iter().any(|p| norm_text_of(p) == text) {
        return Some(Status::Done);
    }
    None
}

fn norm_text_of(phrase: &[&str]) -> String {
    phrase.join(" ")
}

/// A status phrase at the end of `ws`: where it starts and what it says.
fn status_tail(ws: &[Word]) -> Option<(usize, Status)> {
    for phrase in OPEN_WORDS {
        if ws.len() > phrase.len() && ends(ws, phrase) {
            return Some((ws.len() - phrase.len(), Status::Open));
        }
    }
    for phrase in DONE_WORDS {
        if ws.len() > phrase.len() && ends(ws, phrase) {
            return Some((ws.len() - phrase.len(), Status::Done));
        }
    }
    None
}

fn status_intent(status: Status, refs: Vec<TaskRef>) -> Intent {
    match status {
        Status::Done => Intent::Complete(refs),
        Status::Open => Intent::Reopen(refs),
    }
}

/// A priority said in words: "high priority", "urgent", "a priority", "not urgent", "none".
pub fn priority_value(ws: &[Word]) -> Option<Priority> {
    // "a priority", "top priority" are high; nothing at all is no priority said.
    if !ws.iter().any(|w| w.norm != "to" && w.norm != "as") {
        return None;
    }
    let ws = skip_leading(
        ws,
        &[
            "to", "as", "a", "an", "the", "be", "its", "it's", "priority",
        ],
    );
    let ws = skip_trailing(ws, &["priority", "prio", "one", "task"]);
    let text = norm_text(ws);
    match text.as_str() {
        "" | "top" | "urgent" | "important" | "very important" | "critical" | "asap" | "high"
        | "highest" | "really important" | "more important" => Some(Priority::High),
        "not urgent" | "not important" | "less important" | "less urgent" | "low" | "lowest"
        | "unimportant" => Some(Priority::Low),
        "medium" | "normal" | "mid" | "average" => Some(Priority::Medium),
        "none" | "no" | "nothing" => Some(Priority::None),
        _ => parse_priority(&text),
    }
    .filter(|_| !ws.iter().any(|w| w.quoted))
}

/// A due date said in words; `Some(None)` clears it ("no date"); None when it is not a date.
pub fn due_value(ws: &[Word], now: NaiveDateTime) -> Option<Option<crate::tasks::Due>> {
    let ws = skip_leading(
        ws,
        &["to", "for", "on", "by", "until", "till", "at", "due", "be"],
    );
    let text = norm_text(ws);
    match text.as_str() {
        "no date" | "no due date" | "none" | "nothing" | "no deadline" | "no date at all" => {
            Some(None)
        }
        _ => parse_due(&text, now).map(Some),
    }
}

/// The tags in a phrase: "the work tag" → work, "health and fitness tags" → health, fitness,
/// "#errands", "shopping".
pub fn tag_words(ws: &[Word]) -> Vec<String> {
    const NOT_TAGS: &[&str] = &[
        "the", "a", "an", "tag", "tags", "label", "labels", "and", "with", "as", "of", "its", "my",
        "new", "called", "named", "that", "this", "it", "those", "these", "them", "from", "off",
    ];
    ws.iter()
        .filter(|w| !NOT_TAGS.contains(&w.norm.as_str()))
        .filter_map(|w| parse_tag(&w.norm).ok().flatten())
        .collect()
}

/// "the passport task: photos at the post office" → the task and the text after the colon (or
/// after "saying", "that says").
pub fn description_after(ws: &[Word]) -> Option<(TaskRef, String)> {
    if let Some(at) = ws.iter().position(|w| w.pause) {
        let target = task_ref(&ws[..=at])?;
        let text = raw_text(&ws[at + 1..]);
        return (!text.is_empty()).then_some((target, text));
    }
    let at = ["saying", "that", "with"]
        .iter()
        .find_map(|w| find(ws, &[w], 1))?;
    let target = task_ref(&ws[..at])?;
    let rest = skip_leading(&ws[at + 1..], &["says", "reads"]);
    let text = raw_text(rest);
    (!text.is_empty()).then_some((target, text))
}

/// What part of a task a phrase names before its task: "the due date of task 2".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Attr {
    Whole,
    Title,
    Due,
    Priority,
    Description,
    Tags,
}

const ATTR_NOUNS: &[(&[&str], Attr)] = &[
    (&["due", "date"], Attr::Due),
    (&["deadline"], Attr::Due),
    (&["date"], Attr::Due),
    (&["due"], Attr::Due),
    (&["priority"], Attr::Priority),
    (&["description"], Attr::Description),
    (&["notes"], Attr::Description),
    (&["note"], Attr::Description),
    (&["details"], Attr::Description),
    (&["title"], Attr::Title),
    (&["name"], Attr::Title),
    (&["tags"], Attr::Tags),
    (&["tag"], Attr::Tags),
];

/// Splits "the due date of task 2" / "task 2's due date" / "task 5 priority" into the attribute
/// and the task's words.
fn attribute_target(ws: &[Word]) -> (Attr, &[Word]) {
    let lead = skip_leading(ws, &["the", "a", "its", "my"]);
    for (noun, attr) in ATTR_NOUNS {
        // "change the due date to friday": of the task the conversation is about.
        if starts(lead, noun) && lead.len() == noun.len() {
            return (*attr, &[]);
        }
        if starts(lead, noun) {
            let rest = &lead[noun.len()..];
            if let Some(first) = rest.first() {
                if matches!(first.norm.as_str(), "of" | "for" | "on" | "in") {
                    return (*attr, &rest[1..]);
                }
            }
        }
        // "task 2's due date", "task 5 priority", "the grocery task description"
        if ws.len() > noun.len() && ends(ws, noun) {
            let head = &ws[..ws.len() - noun.len()];
            if head
                .last()
                .is_some_and(|w| !matches!(w.norm.as_str(), "the" | "a"))
            {
                return (*attr, head);
            }
        }
    }
    (Attr::Whole, ws)
}

/// Applies a value to an attribute: the change(s) or a question.
fn set_value(attr: Attr, target: TaskRef, value: &[Word], now: NaiveDateTime) -> Intent {
    let value_text = raw_text(value);
    let update = |changes: Vec<Change>| Intent::Update(target.clone(), changes);
    match attr {
        Attr::Title if !value_text.is_empty() => update(vec![Change::Title(capitalize_first(&value_text))]),
        Attr::Description => update(vec![Change::Description(value_text)]),
        Attr::Due => match due_value(value, now) {
            Some(due) => update(vec![Change::Due(due)]),
            None => Intent::Ask(format!(
                "I could not read \"{value_text}\" as a date. Try \"friday\", \"dec 5\", \"tomorrow at 3pm\" or \"no date\"."
            )),
        },
        Attr::Priority => match priority_value(value) {
            Some(p) => update(vec![Change::Priority(p)]),
            None => Intent::Ask(format!(
                "\"{value_text}\" is not a priority: say high, medium, low or none."
            )),
        },
        Attr::Tags => {
            let tags = tag_words(value);
            update(vec![Change::AddTags(tags)])
        }
        Attr::Title | Attr::Whole => {
            // "to low priority, remove the due date and tag it admin": several changes.
            if attr == Attr::Whole && value.iter().any(|w| w.pause || w.norm == "and") {
                if let Some(changes) = change_list(value, now) {
                    return update(changes);
                }
                // "to medium, no big deal": a value, then a remark.
                if let Some(pause) = value
                    .iter()
                    .position(|w| w.pause)
                    .filter(|p| p + 1 < value.len())
                {
                    let first = &value[..=pause];
                    let plain = |intent: &Intent| !matches!(intent, Intent::Update(_, c) if c.iter().any(|c| matches!(c, Change::Title(_))));
                    let head = set_value(attr, target.clone(), first, now);
                    if plain(&head) && !matches!(head, Intent::Ask(_)) {
                        return head;
                    }
                }
            }
            if let Some(status) = status_value(value) {
                return status_intent(status, vec![target]);
            }
            if let Some(due) = due_value(value, now) {
                return update(vec![Change::Due(due)]);
            }
            if let Some(p) = priority_value(value).filter(|_| !value.is_empty()) {
                return update(vec![Change::Priority(p)]);
            }
            if value.is_empty() {
                return Intent::Ask("What should I change it to?".into());
            }
            // "change task 9 to say Buy vitamin D"
            let value = skip_leading(value, &["say"]);
            // A new title, maybe with its own hints: "renew passport, due dec 5, high priority".
            let text = value
                .iter()
                .map(|w| if w.quoted { format!("\"{}\"", w.raw) } else { w.raw.clone() })
                .collect::<Vec<_>>()
                .join(" ");
            let mut parsed = parse_quick_add(&text, now);
            let title = std::mem::take(&mut parsed.title);
            let mut changes = Vec::new();
            if !title.is_empty() {
                changes.push(Change::Title(capitalize_first(&title)));
            }
            changes.extend(hints_of(parsed));
            update(changes)
        }
    }
}

/// "change X to Y", "set X to Y", "update X: Y", "change X priority: medium". Only `renames`
/// verbs (change, update, edit) give a task a new title; "set task 9 to …" asks first.
fn change_to(rest: &[Word], now: NaiveDateTime) -> Option<Intent> {
    renaming_to(rest, now, false)
}

fn renaming_to(rest: &[Word], now: NaiveDateTime, renames: bool) -> Option<Intent> {
    let at = rest
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| !w.quoted && matches!(w.norm.as_str(), "to" | "as" | "into"))
        .map(|(k, _)| (k, k + 1))
        .or_else(|| rest.iter().position(|w| w.pause).map(|k| (k + 1, k + 1)))?;
    // "set task 6 back to open"
    let before = skip_trailing(&rest[..at.0], &["back"]);
    let value = &rest[at.1..];
    let (attr, target) = attribute_target(before);
    let target = target_or_it(target)?;
    let intent = set_value(attr, target.clone(), value, now);
    let retitles = matches!(&intent, Intent::Update(_, changes) if changes.iter().any(|c| matches!(c, Change::Title(_))));
    if retitles && attr == Attr::Whole && !renames {
        return Some(Intent::Ask(format!(
            "Do you want to rename it to \"{}\"? Say \"rename … to …\" to change a title.",
            raw_text(value)
        )));
    }
    Some(intent)
}

/// The task of an attribute phrase; "the due date" alone is the one the conversation is about.
fn target_or_it(ws: &[Word]) -> Option<TaskRef> {
    if ws.is_empty() {
        Some(TaskRef::It)
    } else {
        task_ref(ws)
    }
}

/// A delay: "by 3 days", "a week", "by two weeks", "one day".
fn delay_days(ws: &[Word]) -> Option<i64> {
    let ws = skip_leading(ws, &["by", "for", "back"]);
    let (n, unit) = match ws {
        [n, unit, ..] => (n.norm.as_str(), unit.norm.trim_end_matches('s')),
        [unit] => ("a", unit.norm.as_str()),
        _ => return None,
    };
    let n = i64::from(number_word(n)?);
    match unit {
        "day" => Some(n),
        "week" => Some(7 * n),
        _ => None,
    }
}

/// A command about existing tasks, led by its verb.
pub fn command(ws: &[Word], now: NaiveDateTime) -> Option<Intent> {
    let verb = ws.first()?.norm.as_str();
    let rest = &ws[1..];
    match verb {
        "mark" | "tick" | "check" | "cross" | "flag" => {
            if let Some((at, status)) = status_tail(rest) {
                return Some(status_intent(status, task_refs(&rest[..at])?));
            }
            // "mark task 2 as urgent"
            if let Some(at) = find(rest, &["as"], 1) {
                if let Some(p) = priority_value(&rest[at + 1..]) {
                    return Some(Intent::Update(
                        task_ref(&rest[..at])?,
                        vec![Change::Priority(p)],
                    ));
                }
            }
            if verb == "check" || verb == "tick" || verb == "cross" {
                // "check off task 1", "tick task 1 off"
                let rest = skip_trailing(skip_leading(rest, &["off"]), &["off"]);
                return Some(Intent::Complete(task_refs(rest)?));
            }
            None
        }
        // "finished writing the weekly report" (but "completed tasks today" is a list)
        "finished" | "completed"
            if !rest.is_empty()
                && !has_any(
                    rest,
                    &[
                        "tasks",
                        "ones",
                        "items",
                        "today",
                        "yesterday",
                        "this",
                        "week",
                        "list",
                    ],
                ) =>
        {
            Some(Intent::Complete(task_refs(rest)?))
        }
        "lower" | "reduce" | "decrease" | "raise" | "increase" | "up" => {
            if find(rest, &["to"], 1).is_some() {
                return change_to(rest, now);
            }
            let (attr, target) = attribute_target(rest);
            if attr != Attr::Priority {
                return None;
            }
            let p = if matches!(verb, "lower" | "reduce" | "decrease") {
                Priority::Low
            } else {
                Priority::High
            };
            Some(Intent::Update(
                target_or_it(target)?,
                vec![Change::Priority(p)],
            ))
        }
        "complete" | "finish" | "close" | "done" => {
            let rest = if verb == "done" {
                skip_leading(rest, &["with"])
            } else {
                rest
            };
            let rest = skip_trailing(rest, &["off"]);
            Some(Intent::Complete(task_refs(rest)?))
        }
        "reopen" | "uncomplete" | "unmark" | "unfinish" | "re-open" | "unarchive" | "undo"
        | "uncheck" => {
            let rest = if verb == "undo" {
                let r = skip_leading(rest, &["the"]);
                // "undo the completion of task 10", "undo complete on #10", "undo marking #3 done"
                let done_word = |w: &Word| {
                    matches!(
                        w.norm.as_str(),
                        "completion"
                            | "completing"
                            | "complete"
                            | "completed"
                            | "done"
                            | "marking"
                            | "finishing"
                            | "checking"
                    )
                };
                if r.first().is_some_and(done_word) {
                    let r = skip_leading(&r[1..], &["of", "on", "for", "off"]);
                    match status_tail(r) {
                        Some((at, _)) => &r[..at],
                        None => r,
                    }
                } else {
                    return Some(Intent::Ask(
                        "I cannot undo changes yet. To reopen a task, say \"reopen task 3\"."
                            .into(),
                    ));
                }
            } else {
                rest
            };
            let rest = match status_tail(rest) {
                Some((at, _)) => &rest[..at],
                None => rest,
            };
            Some(Intent::Reopen(task_refs(rest)?))
        }
        "delete" | "remove" | "drop" | "cancel" | "erase" | "trash" | "scrap" | "clear"
        | "take" | "strip" | "ditch" | "wipe" | "purge" => removal(verb, rest),
        "get" if starts(rest, &["rid", "of"]) => removal("remove", &rest[2..]),
        "clean" if starts(rest, &["up"]) || starts(rest, &["out"]) => removal("clear", &rest[1..]),
        "throw" if starts(rest, &["away"]) || starts(rest, &["out"]) => {
            removal("remove", &rest[1..])
        }
        "rename" | "retitle" | "call" => {
            // call task 2 "call mom and grandma"
            if let Some((last, head)) = rest.split_last().filter(|(l, h)| l.quoted && !h.is_empty())
            {
                if let Some(target) = task_ref(skip_trailing(head, &["to", "as"])) {
                    return Some(Intent::Update(
                        target,
                        vec![Change::Title(capitalize_first(&last.raw))],
                    ));
                }
            }
            let at = rest
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, w)| !w.quoted && matches!(w.norm.as_str(), "to" | "as"))
                .map(|(k, _)| k)?;
            let target = task_ref(&rest[..at])?;
            let title = raw_text(&rest[at + 1..]);
            if title.is_empty() {
                return Some(Intent::Ask("What should the new title be?".into()));
            }
            Some(Intent::Update(
                target,
                vec![Change::Title(capitalize_first(&title))],
            ))
        }
        "change" | "update" | "edit" | "modify" | "switch" | "alter" | "set" => {
            setting(verb, rest, now)
        }
        "make" => making(rest, now),
        "move" | "reschedule" | "postpone" | "push" | "defer" | "delay" | "shift" | "bump" => {
            moving(verb, rest, now)
        }
        "unschedule" | "undate" => Some(Intent::Update(task_ref(rest)?, vec![Change::Due(None)])),
        "give" | "assign" => making(rest, now),
        "categorize" | "categorise" | "file" | "classify" | "group" => {
            let at = rest
                .iter()
                .position(|w| matches!(w.norm.as_str(), "under" | "as" | "in" | "into" | "with"))?;
            let tags = tag_words(&rest[at + 1..]);
            if tags.is_empty() {
                return None;
            }
            Some(Intent::Update(
                task_ref(&rest[..at])?,
                vec![Change::AddTags(tags)],
            ))
        }
        "prioritise" | "prioritize" => Some(Intent::Update(
            task_ref(rest)?,
            vec![Change::Priority(Priority::High)],
        )),
        "deprioritise" | "deprioritize" => Some(Intent::Update(
            task_ref(rest)?,
            vec![Change::Priority(Priority::Low)],
        )),
        "tag" | "label" => {
            let (target, tags) =
                if let Some(at) = find(rest, &["with"], 1).or_else(|| find(rest, &["as"], 1)) {
                    (task_ref(&rest[..at])?, tag_words(&rest[at + 1..]))
                } else if let Some(n) = number_prefix(rest) {
                    // "tag #4 work", "tag task 4 work and home"
                    (task_ref(&rest[..n])?, tag_words(&rest[n..]))
                } else {
                    // "tag the bike #weekend", "tag the first one weekend": the last words
                    let hashed = rest
                        .iter()
                        .rev()
                        .take_while(|w| w.norm.starts_with('#'))
                        .count();
                    let n = rest.len() - hashed.max(1);
                    if n == 0 {
                        return None;
                    }
                    (task_ref(&rest[..n])?, tag_words(&rest[n..]))
                };
            if tags.is_empty() {
                return Some(Intent::Ask(
                    "Which tag should I add? For example: \"tag #4 with work\".".into(),
                ));
            }
            Some(Intent::Update(target, vec![Change::AddTags(tags)]))
        }
        "untag" | "unlabel" => {
            if let Some(at) = find(rest, &["from"], 1) {
                let tags = tag_words(&rest[..at]);
                return Some(Intent::Update(
                    task_ref(&rest[at + 1..])?,
                    vec![Change::RemoveTags(tags)],
                ));
            }
            let n = number_prefix(rest).unwrap_or(rest.len());
            let target = task_ref(&rest[..n])?;
            let tags = tag_words(&rest[n..]);
            Some(Intent::Update(
                target,
                vec![if tags.is_empty() {
                    Change::ClearTags
                } else {
                    Change::RemoveTags(tags)
                }],
            ))
        }
        "describe" => {
            let at = find(rest, &["as"], 1).or_else(|| find(rest, &["with"], 1));
            match at {
                Some(at) => Some(Intent::Update(
                    task_ref(&rest[..at])?,
                    vec![Change::Description(raw_text(&rest[at + 1..]))],
                )),
                None => {
                    let (target, text) = description_after(rest)?;
                    Some(Intent::Update(target, vec![Change::Description(text)]))
                }
            }
        }
        "write" | "note" | "put" => {
            // write "bring the passport photos" in the description of task 8
            let at = rest.iter().position(|w| {
                !w.quoted && matches!(w.norm.as_str(), "in" | "into" | "on" | "to")
            })?;
            let (attr, target) = attribute_target(&rest[at + 1..]);
            if attr != Attr::Description {
                return None;
            }
            Some(Intent::Update(
                task_ref(target)?,
                vec![Change::Description(raw_text(&rest[..at]))],
            ))
        }
        _ => None,
    }
}

/// How many leading words are a task number: "#4" → 1, "task 4" → 2.
fn number_prefix(ws: &[Word]) -> Option<usize> {
    let is_number = |w: &Word| w.norm.trim_start_matches('#').parse::<i64>().is_ok();
    match ws {
        [a, b, ..] if matches!(a.norm.as_str(), "task" | "number") && is_number(b) => Some(2),
        [a, ..] if is_number(a) || matches!(a.norm.as_str(), "it" | "this" | "that") => Some(1),
        _ => None,
    }
}

/// delete / remove / clear / take …: a task, or something a task has.
fn removal(verb: &str, rest: &[Word]) -> Option<Intent> {
    if let Some(intent) = removed_from(rest) {
        return Some(intent);
    }
    // "drop the presentation to low priority": lower it, not delete it.
    if let Some(at) = find(rest, &["to"], 1) {
        if let Some(p) = priority_value(&rest[at + 1..]) {
            return Some(Intent::Update(
                task_ref(&rest[..at])?,
                vec![Change::Priority(p)],
            ));
        }
    }
    // Not a task: the account, or the whole list.
    if has_any(rest, &["account", "profile"]) {
        return Some(Intent::Ask(
            "I only change tasks. To delete your account, open your account page from the menu."
                .into(),
        ));
    }
    if ends(rest, &["list"])
        && skip_leading(
            rest,
            &["the", "my", "whole", "entire", "todo", "to-do", "task"],
        )
        .len()
            == 1
    {
        return Some(Intent::DeleteMany(StatusFilter::All));
    }
    // "delete all completed tasks", "clear completed", "delete everything"
    let all_said = has_any(rest, &["all", "every", "everything"]);
    let core = skip_leading(rest, &["all", "the", "my", "of", "every"]);
    let core = skip_trailing(core, &["tasks", "ones", "items", "todos", "task"]);
    let core_text = norm_text(core);
    match core_text.as_str() {
        "completed" | "done" | "finished" | "checked" | "complete" | "closed" => {
            return Some(Intent::DeleteMany(StatusFilter::Completed));
        }
        "" | "everything" if all_said => return Some(Intent::DeleteMany(StatusFilter::All)),
        _ if all_said
            && task_refs(rest)
                .is_none_or(|r| r.iter().all(|r| !matches!(r, TaskRef::Number(_)))) =>
        {
            // "delete all tasks that are done"; other sets are named one by one for now.
            let filters = super::filters::list_request(rest);
            let only_done = super::filters::ListRequest {
                status: StatusFilter::Completed,
                ..Default::default()
            };
            if filters == only_done {
                return Some(Intent::DeleteMany(StatusFilter::Completed));
            }
            return Some(Intent::Ask(
                "I can delete all completed tasks, or all tasks, in one go; other tasks I delete one at a time. Say \"delete all completed tasks\" or name a task, like \"delete task 3\".".into(),
            ));
        }
        _ => {}
    }
    if verb == "take" {
        // "take X off my list"
        let at = find(rest, &["off"], 1)?;
        return Some(Intent::Delete(task_refs(&rest[..at])?));
    }
    if verb == "clear" || verb == "strip" {
        return None;
    }
    // "remove the work tag" with no task: ask rather than delete something.
    if has_any(
        rest,
        &[
            "tag",
            "tags",
            "label",
            "date",
            "deadline",
            "priority",
            "description",
        ],
    ) {
        // "remove the due date" of the task the conversation is about; with no such task the
        // agent asks which.
        if let Some(change) = removed_attribute(rest) {
            return Some(Intent::Update(TaskRef::It, vec![change]));
        }
        return Some(Intent::Ask(
            "Which task should I change? For example: \"remove the work tag from task 1\".".into(),
        ));
    }
    Some(Intent::Delete(task_refs(rest)?))
}

/// "remove the work tag from task 4", "take the due date off task 2", "clear the tags of #7".
fn removed_from(rest: &[Word]) -> Option<Intent> {
    let at = rest
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| matches!(w.norm.as_str(), "from" | "off" | "of" | "on" | "for" | "in"))
        .map(|(k, _)| k)?;
    let (object, target) = (&rest[..at], &rest[at + 1..]);
    let change = removed_attribute(object)?;
    Some(Intent::Update(task_ref(target)?, vec![change]))
}

/// What "the work tag", "the due date", "the priority" removes from a task.
fn removed_attribute(object: &[Word]) -> Option<Change> {
    let tagged = has_any(object, &["tag", "tags", "label", "labels"])
        || (!object.is_empty()
            && object
                .iter()
                .all(|w| w.norm.starts_with('#') || w.norm == "and"));
    if tagged {
        let tags = tag_words(object);
        // "remove that tag": which one is not said here.
        if tags.is_empty() && has_any(object, &["that", "this"]) {
            return None;
        }
        return Some(if tags.is_empty() || has_any(object, &["all"]) {
            Change::ClearTags
        } else {
            Change::RemoveTags(tags)
        });
    }
    if has_any(object, &["date", "deadline", "due"]) {
        return Some(Change::Due(None));
    }
    if has_any(object, &["priority"]) {
        return Some(Change::Priority(Priority::None));
    }
    if has_any(object, &["description", "notes", "note", "details"]) {
        return Some(Change::Description(String::new()));
    }
    None
}

/// change / update / set …
fn setting(verb: &str, rest: &[Word], now: NaiveDateTime) -> Option<Intent> {
    // "set a deadline for task 12 on dec 5", "set the reading task for tonight"
    if verb == "set" {
        let lead = skip_leading(rest, &["a", "the"]);
        // "set a deadline of dec 10 for the dentist task"
        if starts(lead, &["deadline", "of"]) || starts(lead, &["due", "date", "of"]) {
            let skip = if lead[0].norm == "deadline" { 2 } else { 3 };
            let after = &lead[skip..];
            if let Some(at) = find(after, &["for"], 1) {
                if let (Some(target), Some(due)) =
                    (task_ref(&after[at + 1..]), due_value(&after[..at], now))
                {
                    return Some(Intent::Update(target, vec![Change::Due(due)]));
                }
            }
        }
        if starts(lead, &["deadline", "for"]) || starts(lead, &["due", "date", "for"]) {
            let skip = if lead[0].norm == "deadline" { 2 } else { 3 };
            let after = &lead[skip..];
            // "… for task 12 on dec 5", "… for renewing my passport: end of the month"
            if let Some(pause) = after.iter().position(|w| w.pause) {
                let target = task_ref(&after[..=pause])?;
                return Some(set_value(Attr::Due, target, &after[pause + 1..], now));
            }
            let at = after
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, w)| matches!(w.norm.as_str(), "on" | "to" | "for" | "at" | "by"))
                .map(|(k, _)| k)?;
            let target = task_ref(&after[..at])?;
            return Some(set_value(Attr::Due, target, &after[at..], now));
        }
        // "set task 12 due in 3 days"
        if let Some(at) = find(rest, &["due"], 1).filter(|_| find(rest, &["to"], 1).is_none()) {
            if let Some(target) = task_ref(&rest[..at]) {
                return Some(set_value(Attr::Due, target, &rest[at + 1..], now));
            }
        }
        if find(rest, &["to"], 1).is_none() && rest.iter().all(|w| !w.pause) {
            if let Some(at) = find(rest, &["for"], 1) {
                let target = task_ref(&rest[..at])?;
                return Some(set_value(Attr::Due, target, &rest[at + 1..], now));
            }
        }
    }
    renaming_to(rest, now, verb != "set")
}

/// make X high priority / make X a priority / make X due friday / make it urgent.
fn making(rest: &[Word], now: NaiveDateTime) -> Option<Intent> {
    if let Some(at) = find(rest, &["to"], 1) {
        if let Some(intent) = change_to(rest, now).filter(|_| at > 0) {
            return Some(intent);
        }
    }
    for cut in 1..rest.len() {
        let (head, tail) = (&rest[..cut], &rest[cut..]);
        let Some(target) = task_ref(head) else {
            continue;
        };
        if starts(tail, &["due"]) {
            if let Some(due) = due_value(&tail[1..], now) {
                return Some(Intent::Update(target, vec![Change::Due(due)]));
            }
        }
        if let Some(p) = priority_value(tail).filter(|_| !tail.is_empty()) {
            return Some(Intent::Update(target, vec![Change::Priority(p)]));
        }
        // "make task 9 low priority, due next week": only hints, no title.
        let changes = hint_changes(tail, now);
        if !changes.is_empty() {
            return Some(Intent::Update(target, changes));
        }
    }
    None
}

/// "due dec 15, high priority, and add a note saying …": every part a change, or None.
fn change_list(ws: &[Word], now: NaiveDateTime) -> Option<Vec<Change>> {
    let mut changes = Vec::new();
    let mut start = 0;
    for i in 0..=ws.len() {
        let ends_part = i == ws.len() || ws[i].norm == "and" || ws[i].pause;
        if !ends_part {
            continue;
        }
        let end = if i < ws.len() && ws[i].pause {
            i + 1
        } else {
            i
        };
        let part = &ws[start..end.min(ws.len())];
        start = end.max(i + 1);
        if part.is_empty() {
            continue;
        }
        // "add a note saying …", "note: …", "description …"
        let lead = skip_leading(part, &["add", "set", "a", "the", "with"]);
        if lead.first().is_some_and(|w| {
            matches!(
                w.norm.as_str(),
                "note" | "notes" | "description" | "details" | "detail" | "comment" | "comments"
            )
        }) {
            let text = skip_leading(&lead[1..], &["saying", "that", "says", "to", "of"]);
            // The rest of the message is the note, "and" included.
            let text = raw_text(&[text, &ws[end.min(ws.len())..]].concat());
            changes.push(Change::Description(text));
            return Some(changes);
        }
        let hints = hint_changes(part, now);
        if !hints.is_empty() {
            changes.extend(hints);
            continue;
        }
        // "make it high priority", "remove the personal tag", "tag it admin"
        let part = super::words::trim_politeness(part);
        let part = skip_trailing(part, &["too", "also", "as", "well"]);
        match command(part, now).or_else(|| statement(part, now)) {
            Some(Intent::Update(TaskRef::It, more)) => changes.extend(more),
            _ => return None,
        }
    }
    (!changes.is_empty()).then_some(changes)
}

/// The due date, priority and tags of a phrase that is nothing but hints; empty otherwise.
fn hint_changes(ws: &[Word], now: NaiveDateTime) -> Vec<Change> {
    // "tag health" among hints is "tagged health", "tag it errands" too.
    let itself = super::add::about_itself(ws);
    let ws = itself.as_slice();
    let text = raw_text(ws);
    let text = match ws.first().map(|w| w.norm.as_str()) {
        Some("tag" | "tags") => format!("tagged {}", raw_text(&ws[1..])),
        _ => text,
    };
    let parsed = parse_quick_add(&text, now);
    let leftover = parsed
        .title
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "" | "and" | "a" | "it" | "with"
            )
        })
        .count();
    if leftover > 0 || ws.iter().any(|w| w.quoted) {
        return Vec::new();
    }
    hints_of(parsed)
}

/// The changes quick add's hints make: a due date, a priority, tags (the title aside).
fn hints_of(parsed: QuickAdd) -> Vec<Change> {
    let mut changes = Vec::new();
    if let Some(due) = parsed.due {
        changes.push(Change::Due(Some(due)));
    }
    if let Some(p) = parsed.priority {
        changes.push(Change::Priority(p));
    }
    if !parsed.tags.is_empty() {
        changes.push(Change::AddTags(parsed.tags));
    }
    changes
}

/// move / reschedule / postpone / push / delay / bump …
fn moving(verb: &str, rest: &[Word], now: NaiveDateTime) -> Option<Intent> {
    // "bump it up", "move the rent down": its priority.
    if rest.len() >= 2 && matches!(verb, "bump" | "move" | "push") {
        let priority = match rest.last().map(|w| w.norm.as_str()) {
            Some("up") => Some(Priority::High),
            Some("down") => Some(Priority::Low),
            _ => None,
        };
        if let Some(p) = priority {
            return Some(Intent::Update(
                task_ref(&rest[..rest.len() - 1])?,
                vec![Change::Priority(p)],
            ));
        }
    }
    let rest = if starts(rest, &["back"]) {
        &rest[1..]
    } else {
        rest
    };
    // "delay task 11 by 3 days", "push #2 back a week"
    if let Some(at) = find(rest, &["by"], 1).or_else(|| find(rest, &["back"], 1)) {
        if let Some(days) = delay_days(&rest[at..]) {
            let target = task_ref(&rest[..at])?;
            return Some(Intent::Update(target, vec![Change::DelayDays(days)]));
        }
    }
    let at = rest
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| {
            !w.quoted
                && matches!(
                    w.norm.as_str(),
                    "to" | "until" | "till" | "for" | "on" | "by" | "into"
                )
        })
        .map(|(k, _)| k);
    let Some(at) = at else {
        // "postpone task 2 a week"
        for cut in 1..rest.len() {
            if let Some(days) = delay_days(&rest[cut..]) {
                return Some(Intent::Update(
                    task_ref(&rest[..cut])?,
                    vec![Change::DelayDays(days)],
                ));
            }
        }
        return None;
    };
    // "push the presentation back to friday"
    let before = skip_trailing(&rest[..at], &["back", "forward", "out"]);
    let value = &rest[at + 1..];
    let (attr, target) = attribute_target(before);
    let target = task_ref(target)?;
    if verb == "bump" || attr == Attr::Priority {
        if let Some(p) = priority_value(value).filter(|_| !value.is_empty()) {
            return Some(Intent::Update(target, vec![Change::Priority(p)]));
        }
    }
    Some(set_value(Attr::Due, target, value, now))
}

/// A statement about a task: "the weekly report is done", "task 5 is due tomorrow at 3pm",
/// "task 8 is urgent", "task 7 has no deadline anymore", "task 11 shouldn't be tagged personal",
/// "task 5 notes: …", "due date of task 2: tomorrow", "I finished buying groceries", "I called
/// mom", "I haven't actually watered the plants".
pub fn statement(ws: &[Word], now: NaiveDateTime) -> Option<Intent> {
    if let Some(intent) = first_person(ws) {
        return Some(intent);
    }
    // "for task 8: due dec 15, high priority, and add a note saying …"
    if starts(ws, &["for"]) {
        if let Some(pause) = ws.iter().position(|w| w.pause) {
            let target = task_ref(&ws[1..=pause])?;
            let changes = change_list(&ws[pause + 1..], now)?;
            return Some(Intent::Update(target, changes));
        }
    }
    // "passport renewed", "rent paid": the title's verb after its object.
    if let Some((last, subject)) = ws.split_last() {
        if is_past_form(&last.norm)
            && !subject.is_empty()
            && subject.len() <= 4
            && !matches!(last.norm.as_str(), "done" | "finished" | "completed")
            && !has_any(
                subject,
                &["i", "you", "we", "is", "are", "was", "not", "have", "has"],
            )
        {
            let words = format!("{} {}", last.norm, norm_text(subject));
            return Some(Intent::Complete(vec![TaskRef::Words(words)]));
        }
    }
    // "groceries done", "task 3 finished"
    if let Some((last, subject)) = ws.split_last() {
        if matches!(
            last.norm.as_str(),
            "done" | "finished" | "completed" | "complete"
        ) && !subject.is_empty()
            && !has_any(
                subject,
                &[
                    "is", "are", "isn't", "aren't", "was", "wasn't", "not", "haven't", "hasn't",
                    "didn't", "never", "be", "been", "have", "has", "what", "show", "which", "how",
                    "if", "when", "i", "you",
                ],
            )
        {
            return Some(Intent::Complete(task_refs(subject)?));
        }
    }
    // "due date for #9 tomorrow evening": the task, then the date, with no colon between.
    let lead = skip_leading(ws, &["the", "a", "new", "set"]);
    let noun = if starts(lead, &["due", "date"]) {
        2
    } else if starts(lead, &["deadline"]) {
        1
    } else {
        0
    };
    if noun > 0
        && lead
            .get(noun)
            .is_some_and(|w| matches!(w.norm.as_str(), "for" | "of" | "on"))
    {
        let rest = &lead[noun + 1..];
        for cut in 1..rest.len() {
            if let (Some(target), Some(due)) =
                (task_ref(&rest[..cut]), due_value(&rest[cut..], now))
            {
                return Some(Intent::Update(target, vec![Change::Due(due)]));
            }
        }
    }
    // "no due date for task 4", "no deadline on the rent"
    if starts(ws, &["no"]) {
        let rest = &ws[1..];
        let (attr, target) = attribute_target(rest);
        if attr == Attr::Due && target.len() < rest.len() {
            return Some(Intent::Update(task_ref(target)?, vec![Change::Due(None)]));
        }
    }
    // "task 5 notes: …", "due date of task 2: tomorrow", "the bike: make it high priority …"
    if let Some(at) = ws.iter().position(|w| w.pause) {
        let (attr, target) = attribute_target(&ws[..=at]);
        if attr != Attr::Whole {
            let target = task_ref(target)?;
            return Some(set_value(attr, target, &ws[at + 1..], now));
        }
        if ws[at].raw.ends_with(':') {
            if let (Some(target), Some(changes)) =
                (task_ref(&ws[..=at]), change_list(&ws[at + 1..], now))
            {
                return Some(Intent::Update(target, changes));
            }
        }
    }
    // "task 3 priority high", "task 2 due friday"
    if let Some(at) = ws
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| matches!(w.norm.as_str(), "priority" | "due" | "deadline"))
        .map(|(k, _)| k)
    {
        if let Some(TaskRef::Number(n)) = task_ref(&ws[..at]) {
            let attr = if ws[at].norm == "priority" {
                Attr::Priority
            } else {
                Attr::Due
            };
            let value = skip_leading(&ws[at + 1..], &["is", "should", "be", "to", "now"]);
            if !value.is_empty() {
                return Some(set_value(attr, TaskRef::Number(n), value, now));
            }
        }
    }
    let pivot = ws.iter().enumerate().skip(1).find(|(_, w)| {
        matches!(
            w.norm.as_str(),
            "is" | "are"
                | "was"
                | "has"
                | "have"
                | "isn't"
                | "aren't"
                | "shouldn't"
                | "should"
                | "doesn't"
                | "needs"
                | "must"
                | "don't"
                | "now"
                | "can"
        )
    });
    let (p, pivot_word) = pivot.map(|(k, w)| (k, w.norm.as_str()))?;
    let subject = &ws[..p];
    let predicate = skip_leading(&ws[p + 1..], &["now", "actually", "really", "still"]);
    let predicate = skip_trailing(
        predicate,
        &[
            "anymore", "now", "too", "please", "already", "after", "all", "again",
        ],
    );
    let target = || task_ref(subject);
    let negated = matches!(pivot_word, "isn't" | "aren't" | "doesn't" | "shouldn't")
        || starts(predicate, &["not"])
        || starts(predicate, &["no", "longer"]);
    let predicate = if starts(predicate, &["no", "longer"]) {
        &predicate[2..]
    } else {
        skip_leading(predicate, &["not"])
    };
    let predicate_text = norm_text(predicate);
    match pivot_word {
        "is" | "are" | "was" | "isn't" | "aren't" => {
            let done = matches!(
                skip_trailing(predicate, &["yet"])
                    .iter()
                    .map(|w| w.norm.as_str())
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["done"]
                    | ["finished"]
                    | ["complete"]
                    | ["completed"]
                    | ["over"]
                    | ["sorted"]
                    | ["taken", "care", "of"]
                    | ["handled"]
            );
            if done {
                let refs = task_refs(subject)?;
                return Some(if negated {
                    Intent::Reopen(refs)
                } else {
                    Intent::Complete(refs)
                });
            }
            if starts(predicate, &["due"]) && !negated {
                return Some(set_value(Attr::Due, target()?, &predicate[1..], now));
            }
            // "the passport is renewed", "the rent is paid": the title's verb, done.
            if let [participle] = skip_trailing(predicate, &["yet"]) {
                if is_past_form(&participle.norm) && !subject.is_empty() {
                    let words = format!("{} {}", participle.norm, norm_text(subject));
                    let refs = vec![TaskRef::Words(words)];
                    return Some(if negated {
                        Intent::Reopen(refs)
                    } else {
                        Intent::Complete(refs)
                    });
                }
            }
            if let Some(p) = priority_value(predicate).filter(|_| !predicate.is_empty()) {
                let p = match (negated, p) {
                    (true, Priority::High) => Priority::Low,
                    (true, _) => return None,
                    (false, p) => p,
                };
                return Some(Intent::Update(target()?, vec![Change::Priority(p)]));
            }
            if starts(predicate, &["tagged"]) {
                let tags = tag_words(&predicate[1..]);
                let change = if negated {
                    Change::RemoveTags(tags)
                } else {
                    Change::AddTags(tags)
                };
                return Some(Intent::Update(target()?, vec![change]));
            }
            None
        }
        // "the passport needs to be done by dec 15", "the rent has to be paid by friday"
        "needs" | "has" | "have" | "should" | "must"
            if predicate
                .iter()
                .any(|w| matches!(w.norm.as_str(), "by" | "before")) =>
        {
            let at = predicate
                .iter()
                .position(|w| matches!(w.norm.as_str(), "by" | "before"))?;
            let due = due_value(&predicate[at + 1..], now)?;
            Some(Intent::Update(target()?, vec![Change::Due(due)]))
        }
        // "the groceries don't need a date", "the bike doesn't need a deadline"
        "don't" | "doesn't" | "needs"
            if has_any(predicate, &["need"])
                && has_any(predicate, &["date", "deadline", "due"]) =>
        {
            Some(Intent::Update(target()?, vec![Change::Due(None)]))
        }
        "has" | "have" | "doesn't" => {
            // "has no deadline", "doesn't have a due date"
            let clears = (starts(predicate, &["no"]) || negated)
                && has_any(predicate, &["deadline", "date", "due"]);
            clears.then(|| Some(Intent::Update(target()?, vec![Change::Due(None)])))?
        }
        // "task 7 can wait"
        // "task 7 can wait", "the bike can wait till next week"
        "can" if starts(predicate, &["wait"]) => {
            let until = skip_leading(&predicate[1..], &["till", "until", "for", "to"]);
            if until.is_empty() {
                return Some(Intent::Update(
                    target()?,
                    vec![Change::Priority(Priority::Low)],
                ));
            }
            Some(set_value(Attr::Due, target()?, until, now))
        }
        "should" | "shouldn't" => {
            // "the weekly report description should say include the sales numbers"
            let (attr, named) = attribute_target(subject);
            if attr != Attr::Whole
                && !negated
                && (starts(predicate, &["say"]) || starts(predicate, &["read"]))
            {
                let target = task_ref(named)?;
                return Some(set_value(attr, target, &predicate[1..], now));
            }
            let predicate = skip_leading(predicate, &["be"]);
            // "the presentation task should be called prepare the Q4 presentation"
            if !negated
                && predicate.first().is_some_and(|w| {
                    matches!(w.norm.as_str(), "called" | "named" | "renamed" | "titled")
                })
            {
                let title = raw_text(skip_leading(&predicate[1..], &["to", "as"]));
                if !title.is_empty() {
                    return Some(Intent::Update(
                        target()?,
                        vec![Change::Title(capitalize_first(&title))],
                    ));
                }
            }
            if starts(predicate, &["tagged"]) {
                let tags = tag_words(&predicate[1..]);
                let change = if negated {
                    Change::RemoveTags(tags)
                } else {
                    Change::AddTags(tags)
                };
                return Some(Intent::Update(target()?, vec![change]));
            }
            if starts(predicate, &["due"]) && !negated {
                return Some(set_value(Attr::Due, target()?, &predicate[1..], now));
            }
            let _ = predicate_text;
            None
        }
        _ => None,
    }
}

/// Past forms the title's verb takes in "I paid the rent".
pub fn is_past_form(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "paid", "bought", "wrote", "written", "made", "sent", "took", "taken", "went", "got",
        "ran", "read", "found", "met", "told", "sold", "fed", "rang", "drove", "ate", "brought",
        "gave", "kept", "spent", "built", "did", "done", "swept", "hung", "shot", "threw", "won",
        "put", "set", "cut", "left",
    ];
    (word.len() > 4 && word.ends_with("ed")) || IRREGULAR.contains(&word)
}

/// "I finished X", "I've done X", "I'm done with X", "I called mom", "I haven't watered the
/// plants", "I didn't pay the rent".
fn first_person(ws: &[Word]) -> Option<Intent> {
    let subject = ["i", "i've", "ive", "i'm", "im", "we", "we've"];
    if !subject.contains(&ws.first()?.norm.as_str()) {
        return None;
    }
    let adverbs = [
        "just", "already", "finally", "actually", "really", "have", "also", "now",
    ];
    let rest = skip_leading(&ws[1..], &adverbs);
    let (negated, rest) = match rest.first().map(|w| w.norm.as_str()) {
        Some("haven't" | "havent" | "didn't" | "didnt" | "hasn't") => (true, &rest[1..]),
        Some("have" | "did") if rest.get(1).is_some_and(|w| w.norm == "not") => (true, &rest[2..]),
        _ => (false, rest),
    };
    let rest = skip_leading(rest, &adverbs);
    let rest = skip_trailing(
        rest,
        &[
            "yet", "today", "already", "now", "finally", "at", "last", "too", "earlier", "again",
        ],
    );
    let first = rest.first()?.norm.as_str();
    // "I finnished task 4": one typo in the verb is forgiven.
    let first = ["finished", "completed"]
        .into_iter()
        .find(|v| first.len() >= 7 && strsim::damerau_levenshtein(first, v) == 1)
        .unwrap_or(first);
    // "I finished the report", "I'm done with the book", "I completed #3"
    let object = match first {
        "finished" | "completed" | "done" | "did" | "finish" | "complete" | "do" => {
            Some(skip_leading(&rest[1..], &["with"]))
        }
        "am" | "'m" if rest.get(1).is_some_and(|w| w.norm == "done") => {
            Some(skip_leading(&rest[2..], &["with"]))
        }
        _ => None,
    };
    if let Some(object) = object.filter(|o| !o.is_empty()) {
        let refs = task_refs(object)?;
        return Some(if negated {
            Intent::Reopen(refs)
        } else {
            Intent::Complete(refs)
        });
    }
    if ws[0].norm == "i'm" || ws[0].norm == "im" {
        // "I'm done with the book"
        if starts(rest, &["done", "with"]) || starts(rest, &["finished", "with"]) {
            let refs = task_refs(&rest[2..])?;
            return Some(Intent::Complete(refs));
        }
        return None;
    }
    // "I called mom", "I've booked the dentist": the verb is part of the title's words.
    let verb_form_ok = if negated { true } else { is_past_form(first) };
    if !verb_form_ok || rest.len() < 2 {
        return None;
    }
    let words = rest
        .iter()
        .map(|w| w.norm.as_str())
        .filter(|w| !matches!(*w, "the" | "a" | "an" | "my"))
        .collect::<Vec<_>>()
        .join(" ");
    let refs = vec![TaskRef::Words(words)];
    Some(if negated {
        Intent::Reopen(refs)
    } else {
        Intent::Complete(refs)
    })
}
