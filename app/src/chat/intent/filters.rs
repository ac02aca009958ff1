//! Which tasks a question is about: "open work tasks", "high priority tasks due this week",
//! "tasks tagged home that are not done", "anything about the dentist", "sorted by priority".
use serde::{Deserialize, Serialize};

use super::words::{find, norm_text, skip_leading, skip_trailing, starts, Word};
use crate::tasks::validate::parse_tag;
use crate::tasks::{DueWindow, Priority, SortKey, StatusFilter};

/// Which tasks to list or count, and in which order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRequest {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    pub search: Option<String>,
    pub due: Option<DueWindow>,
    pub sort: SortKey,
}

/// Words that say what a list is, never a tag or a search ("show my tasks", "what's left").
const LIST_WORDS: &[&str] = &[
    "task",
    "tasks",
    "todo",
    "todos",
    "to-dos",
    "items",
    "item",
    "things",
    "stuff",
    "ones",
    "list",
    "all",
    "my",
    "the",
    "me",
    "show",
    "list",
    "what",
    "what's",
    "whats",
    "which",
    "do",
    "i",
    "have",
    "are",
    "is",
    "any",
    "anything",
    "everything",
    "every",
    "of",
    "a",
    "an",
    "that",
    "still",
    "there",
    "display",
    "get",
    "see",
    "view",
    "give",
    "tell",
    "let",
    "current",
    "everyone",
    "in",
    "to",
    "am",
    "on",
    "for",
    "need",
    "with",
    "got",
    "you",
    "can",
    "them",
    "it",
    "to-do",
    "to-dos",
    "shopping",
    "this",
    "those",
    "these",
    "left",
    "please",
    "now",
];

/// Phrases read as filters, longest first; each sets one part of the request.
enum Part {
    Status(StatusFilter),
    Due(DueWindow),
    Priority(Priority),
    Sort(SortKey),
}

const PHRASES: &[(&[&str], Part)] = &[
    (&["haven't", "finished"], Part::Status(StatusFilter::Active)),
    (
        &["i've", "already", "done"],
        Part::Status(StatusFilter::Completed),
    ),
    (&["i've", "done"], Part::Status(StatusFilter::Completed)),
    (&["already", "done"], Part::Status(StatusFilter::Completed)),
    (&["i've", "finished"], Part::Status(StatusFilter::Completed)),
    (
        &["i've", "completed"],
        Part::Status(StatusFilter::Completed),
    ),
    (&["haven't", "done"], Part::Status(StatusFilter::Active)),
    (
        &["haven't", "completed"],
        Part::Status(StatusFilter::Active),
    ),
    (
        &["have", "not", "finished"],
        Part::Status(StatusFilter::Active),
    ),
    (&["not", "yet", "done"], Part::Status(StatusFilter::Active)),
    (&["still", "to", "do"], Part::Status(StatusFilter::Active)),
    (
        &["don't", "have", "a", "due", "date"],
        Part::Due(DueWindow::None),
    ),
    (&["don't", "have", "a", "date"], Part::Due(DueWindow::None)),
    (
        &["don't", "have", "a", "deadline"],
        Part::Due(DueWindow::None),
    ),
    (
        &["do", "not", "have", "a", "due", "date"],
        Part::Due(DueWindow::None),
    ),
    (&["have", "no", "due", "date"], Part::Due(DueWindow::None)),
    (&["have", "no", "deadline"], Part::Due(DueWindow::None)),
    (&["not", "done", "yet"], Part::Status(StatusFilter::Active)),
    (&["not", "done"], Part::Status(StatusFilter::Active)),
    (&["not", "completed"], Part::Status(StatusFilter::Active)),
    (&["not", "finished"], Part::Status(StatusFilter::Active)),
    (&["to", "do"], Part::Status(StatusFilter::Active)),
    (&["left", "to", "do"], Part::Status(StatusFilter::Active)),
    (&["still", "open"], Part::Status(StatusFilter::Active)),
    (&["open"], Part::Status(StatusFilter::Active)),
    (&["pending"], Part::Status(StatusFilter::Active)),
    (&["active"], Part::Status(StatusFilter::Active)),
    (&["unfinished"], Part::Status(StatusFilter::Active)),
    (&["incomplete"], Part::Status(StatusFilter::Active)),
    (&["remaining"], Part::Status(StatusFilter::Active)),
    (&["outstanding"], Part::Status(StatusFilter::Active)),
    (&["left"], Part::Status(StatusFilter::Active)),
    (&["undone"], Part::Status(StatusFilter::Active)),
    (&["completed"], Part::Status(StatusFilter::Completed)),
    (&["complete"], Part::Status(StatusFilter::Completed)),
    (&["done"], Part::Status(StatusFilter::Completed)),
    (&["finished"], Part::Status(StatusFilter::Completed)),
    (&["closed"], Part::Status(StatusFilter::Completed)),
    (&["past", "due"], Part::Status(StatusFilter::Overdue)),
    (&["overdue"], Part::Status(StatusFilter::Overdue)),
    (&["late"], Part::Status(StatusFilter::Overdue)),
    (&["behind"], Part::Status(StatusFilter::Overdue)),
    (&["missed"], Part::Status(StatusFilter::Overdue)),
    (&["due", "today"], Part::Status(StatusFilter::Today)),
    (&["for", "today"], Part::Status(StatusFilter::Today)),
    (&["today's"], Part::Status(StatusFilter::Today)),
    (&["todays"], Part::Status(StatusFilter::Today)),
    (&["today"], Part::Status(StatusFilter::Today)),
    (&["tonight"], Part::Status(StatusFilter::Today)),
    (&["tomorrow's"], Part::Due(DueWindow::Tomorrow)),
    (&["tomorrow"], Part::Due(DueWindow::Tomorrow)),
    (&["this", "week"], Part::Due(DueWindow::ThisWeek)),
    (&["this", "week's"], Part::Due(DueWindow::ThisWeek)),
    (&["next", "week"], Part::Due(DueWindow::NextWeek)),
    (&["without", "a", "due", "date"], Part::Due(DueWindow::None)),
    (&["without", "due", "dates"], Part::Due(DueWindow::None)),
    (&["without", "a", "date"], Part::Due(DueWindow::None)),
    (&["without", "a", "deadline"], Part::Due(DueWindow::None)),
    (&["with", "no", "due", "date"], Part::Due(DueWindow::None)),
    (&["with", "no", "date"], Part::Due(DueWindow::None)),
    (&["no", "due", "date"], Part::Due(DueWindow::None)),
    (&["no", "date"], Part::Due(DueWindow::None)),
    (&["no", "deadline"], Part::Due(DueWindow::None)),
    (&["undated"], Part::Due(DueWindow::None)),
    (&["unscheduled"], Part::Due(DueWindow::None)),
    (&["high", "priority"], Part::Priority(Priority::High)),
    (&["high-priority"], Part::Priority(Priority::High)),
    (&["top", "priority"], Part::Priority(Priority::High)),
    (&["urgent"], Part::Priority(Priority::High)),
    (&["important"], Part::Priority(Priority::High)),
    (&["medium", "priority"], Part::Priority(Priority::Medium)),
    (&["low", "priority"], Part::Priority(Priority::Low)),
    (&["low-priority"], Part::Priority(Priority::Low)),
    (&["sorted", "by", "priority"], Part::Sort(SortKey::Priority)),
    (
        &["ordered", "by", "priority"],
        Part::Sort(SortKey::Priority),
    ),
    (&["by", "priority"], Part::Sort(SortKey::Priority)),
    (&["by", "importance"], Part::Sort(SortKey::Priority)),
    (
        &["most", "important", "first"],
        Part::Sort(SortKey::Priority),
    ),
    (&["sorted", "by", "due", "date"], Part::Sort(SortKey::Due)),
    (&["by", "due", "date"], Part::Sort(SortKey::Due)),
    (&["by", "date"], Part::Sort(SortKey::Due)),
    (&["by", "deadline"], Part::Sort(SortKey::Due)),
    (&["sorted", "by", "title"], Part::Sort(SortKey::Title)),
    (&["by", "title"], Part::Sort(SortKey::Title)),
    (&["by", "name"], Part::Sort(SortKey::Title)),
    (&["in", "alphabetical", "order"], Part::Sort(SortKey::Title)),
    (&["alphabetical", "order"], Part::Sort(SortKey::Title)),
    (&["alphabetically"], Part::Sort(SortKey::Title)),
    (&["alphabetical"], Part::Sort(SortKey::Title)),
    (&["a-z"], Part::Sort(SortKey::Title)),
    (&["newest", "first"], Part::Sort(SortKey::Created)),
    (&["by", "creation", "date"], Part::Sort(SortKey::Created)),
    (&["by", "date", "created"], Part::Sort(SortKey::Created)),
    (&["by", "created"], Part::Sort(SortKey::Created)),
    (&["by", "creation"], Part::Sort(SortKey::Created)),
    (&["most", "recent"], Part::Sort(SortKey::Created)),
    (&["recently", "added"], Part::Sort(SortKey::Created)),
    (&["newest"], Part::Sort(SortKey::Created)),
    (&["i", "created", "them"], Part::Sort(SortKey::Created)),
    (&["i", "added", "them"], Part::Sort(SortKey::Created)),
    (&["i", "created"], Part::Sort(SortKey::Created)),
    (&["i", "added"], Part::Sort(SortKey::Created)),
    (
        &["by", "when", "i", "added", "them"],
        Part::Sort(SortKey::Created),
    ),
    (
        &["in", "order", "of", "creation"],
        Part::Sort(SortKey::Created),
    ),
    (&["oldest", "first"], Part::Sort(SortKey::Created)),
    (&["latest"], Part::Sort(SortKey::Created)),
];

/// Words that start free text to look for: "about the dentist", "mentioning bike".
const SEARCH_LINKS: &[&str] = &[
    "about",
    "mention",
    "mentions",
    "contain",
    "contains",
    "include",
    "includes",
    "including",
    "mentioning",
    "containing",
    "called",
    "named",
    "titled",
    "matching",
    "regarding",
    "related",
    "concerning",
    "involving",
    "like",
];

/// Reads the filters in `ws` (the words after the verb, or the whole question).
pub fn list_request(ws: &[Word]) -> ListRequest {
    read(ws, false)
}

/// Reads the filters after "search" / "find" / "look up": there "the passport task" is words to
/// look for, not a tag.
pub fn search_request(ws: &[Word]) -> ListRequest {
    read(ws, true)
}

fn read(ws: &[Word], searching: bool) -> ListRequest {
    let mut request = ListRequest::default();
    let mut used = vec![false; ws.len()];
    // Free text first: "about the dentist" takes the rest, minus trailing filter phrases.
    let weak_link = |at: usize| {
        // "for today", "with high priority", "with the work tag" are filters, not words to find.
        let rest = &ws[at + 1..];
        rest.is_empty() || read(rest, false) != ListRequest::default()
    };
    if let Some(at) = ws.iter().enumerate().position(|(at, w)| {
        !w.quoted
            && (SEARCH_LINKS.contains(&w.norm.as_str())
                || (matches!(w.norm.as_str(), "for" | "with") && !weak_link(at)))
    }) {
        let mut end = ws.len();
        let rest = &ws[at + 1..];
        let text = search_text(rest, &mut end, at + 1);
        if !text.is_empty() {
            request.search = Some(text);
            used[at..end].iter_mut().for_each(|u| *u = true);
        }
    }
    let mut i = 0;
    while i < ws.len() {
        if used[i] {
            i += 1;
            continue;
        }
        // Tags: "#travel", "tagged work", "tagged with work", "with the tag work", "tag: work".
        if let Some(tag) = ws[i].norm.strip_prefix('#').and_then(valid_tag) {
            request.tag = Some(tag);
            used[i] = true;
            i += 1;
            continue;
        }
        let tag_at = [
            "tagged", "with", "labelled", "labeled", "under", "tag", "tag:",
        ]
        .iter()
        .find_map(|link| {
            let after = &ws[i..];
            if !starts(after, &[link]) {
                return None;
            }
            let skip = match after.get(1).map(|w| w.norm.as_str()) {
                Some("with" | "as") if *link == "tagged" => 2,
                Some("the") if after.get(2).is_some_and(|w| w.norm.starts_with("tag")) => 3,
                Some("tag" | "tags" | "label") if *link == "with" => 2,
                _ if *link == "with" || *link == "under" => return None,
                _ => 1,
            };
            let tag = after.get(skip)?;
            valid_tag(tag.norm.trim_start_matches('#')).map(|t| (skip + 1, t))
        });
        if let Some((n, tag)) = tag_at {
            request.tag = Some(tag);
            used[i..i + n].iter_mut().for_each(|u| *u = true);
            i += n;
            continue;
        }
        // The longest phrase here: "by date created" before "by date".
        let phrase = PHRASES
            .iter()
            .filter(|(words, _)| starts(&ws[i..], words))
            .max_by_key(|(words, _)| words.len());
        if let Some((words, part)) = phrase {
            match part {
                Part::Status(s) => {
                    // "completed" and "open" together: the last one said wins, overdue stays.
                    if request.status != StatusFilter::Overdue {
                        request.status = *s;
                    }
                }
                Part::Due(d) => request.due = Some(*d),
                Part::Priority(p) => request.priority = Some(*p),
                Part::Sort(s) => request.sort = *s,
            }
            used[i..i + words.len()].iter_mut().for_each(|u| *u = true);
            i += words.len();
            continue;
        }
        i += 1;
    }
    // "what's overdue at work?", "anything due for home": a last word after at/for is a tag.
    if request.tag.is_none() && ws.len() >= 3 {
        let last = ws.len() - 1;
        let link = &ws[last - 1];
        if !used[last]
            && !used[last - 1]
            && matches!(link.norm.as_str(), "at" | "for" | "in")
            && !LIST_WORDS.contains(&ws[last].norm.as_str())
            && !is_due_word(&ws[last].norm)
            && ws[last].norm.chars().all(char::is_alphabetic)
        {
            request.tag = valid_tag(&ws[last].norm);
        }
    }
    // "tasks with the work tag", "what has the home tag"
    if request.tag.is_none() {
        if let Some(at) = ws.iter().position(|w| w.norm == "tag" && !w.quoted) {
            if let Some(before) = at.checked_sub(1).filter(|b| !used[*b]) {
                let word = &ws[before].norm;
                if !LIST_WORDS.contains(&word.as_str()) {
                    request.tag = valid_tag(word);
                }
            }
        }
    }
    // "my work tasks", "show health tasks": one word before "tasks" that is not a list word.
    if request.tag.is_none() {
        let nouns = ws.iter().enumerate().filter(|(at, w)| {
            *at > 0
                && matches!(
                    w.norm.as_str(),
                    "tasks" | "task" | "todos" | "items" | "ones" | "stuff" | "list"
                )
        });
        for (at, _) in nouns {
            if request.tag.is_some() {
                break;
            }
            if let Some(before) = at.checked_sub(1).filter(|b| !used[*b]) {
                let word = &ws[before].norm;
                if !LIST_WORDS.contains(&word.as_str()) && !is_due_word(word) {
                    if searching && request.search.is_none() {
                        request.search = Some(word.clone());
                    } else if let Some(tag) = valid_tag(word) {
                        request.tag = Some(tag);
                    }
                }
            }
        }
    }
    request
}

/// The text to search for from `rest`, without a trailing "in my tasks"; `end` becomes the
/// index just past the words used (offset by `base`).
fn search_text(rest: &[Word], end: &mut usize, base: usize) -> String {
    let mut cut = rest.len();
    for tail in [
        &["in", "my", "tasks"][..],
        &["in", "my", "list"],
        &["in", "the", "list"],
        &["on", "my", "list"],
        &["in", "my", "todo", "list"],
        &["in", "them"],
        &["in", "it"],
        &["in", "the", "title"],
    ] {
        if let Some(at) = find(rest, tail, 0) {
            cut = cut.min(at);
        }
    }
    let words = skip_trailing(
        skip_leading(
            &rest[..cut],
            &["to", "the", "a", "an", "my", "tasks", "task"],
        ),
        &["task", "tasks", "one", "ones"],
    );
    *end = base + cut;
    norm_text(words)
}

fn valid_tag(text: &str) -> Option<String> {
    parse_tag(text).ok().flatten()
}

fn is_due_word(word: &str) -> bool {
    matches!(
        word,
        "due"
            | "overdue"
            | "today"
            | "tomorrow"
            | "open"
            | "done"
            | "completed"
            | "pending"
            | "urgent"
            | "important"
            | "late"
            | "active"
            | "finished"
            | "remaining"
            | "priority"
            | "recent"
            | "new"
            | "old"
            | "other"
            | "these"
            | "those"
            | "such"
            | "more"
            | "many"
    )
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn read(text: &str) -> ListRequest {
        list_request(&words(text))
    }

    #[test]
    fn statuses_tags_windows_priorities_search_and_sort_combine() {
        let r = read("show open work tasks");
        assert_eq!(
            (r.status, r.tag.as_deref()),
            (StatusFilter::Active, Some("work"))
        );
        let r = read("show tasks due today tagged errands");
        assert_eq!(
            (r.status, r.tag.as_deref()),
            (StatusFilter::Today, Some("errands"))
        );
        assert_eq!(
            read("show tasks without a due date").due,
            Some(DueWindow::None)
        );
        assert_eq!(read("what's due tomorrow").due, Some(DueWindow::Tomorrow));
        assert_eq!(read("high priority tasks").priority, Some(Priority::High));
        assert_eq!(read("my tasks by priority").sort, SortKey::Priority);
        assert_eq!(read("tasks in alphabetical order").sort, SortKey::Title);
        let r = read("open tasks about rent");
        assert_eq!(
            (r.status, r.search.as_deref()),
            (StatusFilter::Active, Some("rent"))
        );
        assert_eq!(read("show my tasks"), ListRequest::default());
        assert_eq!(read("tasks that are not done").status, StatusFilter::Active);
    }
}
