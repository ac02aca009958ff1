//! How a message points at tasks: "task 3", "#3", "tasks 11 and 12", "the third one", "the last
//! one", "it", "them", or words of a title ("the groceries one", "the one about rent").
use serde::{Deserialize, Serialize};

use super::words::{norm_text, skip_leading, skip_trailing, Word};
use crate::tasks::hints::{numbered_ordinal, ordinal_word};

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
    /// "them", "all of them", "everything": several tasks at once.
    Them,
    /// "the groceries one", "the one about rent": words of the title.
    Words(String),
}

const ARTICLES: &[&str] = &["the", "my", "a", "an", "this", "that", "our"];
const NOUNS: &[&str] = &[
    "one", "task", "item", "todo", "to-do", "entry", "thing", "reminder",
];
/// Words after a reference that do not name it: "remove buy supplements from my list".
const AFTERWORDS: &[&[&str]] = &[
    &["from", "my", "list"],
    &["from", "the", "list"],
    &["from", "my", "tasks"],
    &["off", "my", "list"],
    &["on", "my", "list"],
    &["anymore"],
    &["any", "more"],
    &["yet"],
    &["already"],
    &["too"],
];

/// The words without leading articles, but "that" and "this" alone are the task pointed at.
fn skip_articles(ws: &[Word]) -> &[Word] {
    let rest = skip_leading(ws, ARTICLES);
    // "that", "that task", "this one": a pointer, not a title.
    if rest.iter().all(|w| NOUNS.contains(&w.norm.as_str())) && ws.len() <= 2 {
        ws
    } else {
        rest
    }
}

/// A number as a task's: "3", "#3", "3's"; "twelve" too when `words` allows it.
fn number(word: &Word, words: bool) -> Option<i64> {
    const WORDS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let text = word.norm.trim_start_matches('#').trim_end_matches("'s");
    let spelled = || {
        let at = WORDS.iter().position(|w| *w == text)?;
        i64::try_from(at + 1).ok()
    };
    text.parse::<i64>()
        .ok()
        .or_else(|| if words { spelled() } else { None })
        .filter(|n| *n > 0)
}

/// "second", "2nd": a position in the last list shown.
fn ordinal(word: &str) -> Option<usize> {
    let n = ordinal_word(word).or_else(|| numbered_ordinal(word, false))?;
    usize::try_from(n).ok().filter(|n| *n > 0)
}

/// One or several tasks by number: "tasks 11 and 12", "#4 and #5", "task 3, 4", "task one"
/// (a spelled number only after "task": "that one" is a pronoun).
fn numbers(ws: &[Word]) -> Option<Vec<i64>> {
    const LEADS: &[&str] = &["task", "tasks", "number", "numbers", "no", "nos", "#"];
    let said_task = ws.first().is_some_and(|w| LEADS.contains(&w.norm.as_str()));
    let ws = skip_leading(ws, LEADS);
    let mut found = Vec::new();
    for w in ws {
        match w.norm.as_str() {
            "and" | "&" | "task" | "number" => {}
            _ => found.push(number(w, said_task)?),
        }
    }
    (!found.is_empty()).then_some(found)
}

/// The references in `ws`, None when it names no task.
pub fn task_refs(ws: &[Word]) -> Option<Vec<TaskRef>> {
    let mut ws = skip_articles(ws);
    for after in AFTERWORDS {
        while super::words::ends(ws, after) && ws.len() > after.len() {
            ws = &ws[..ws.len() - after.len()];
        }
    }
    if ws.is_empty() {
        return None;
    }
    if let Some(found) = numbers(ws) {
        return Some(found.into_iter().map(TaskRef::Number).collect());
    }
    task_ref(ws).map(|r| vec![r])
}

/// The one reference in `ws`.
pub fn task_ref(ws: &[Word]) -> Option<TaskRef> {
    let ws = skip_articles(ws);
    let ws = skip_trailing(ws, &["please", "now", "anymore", "yet", "already", "too"]);
    if ws.is_empty() {
        return None;
    }
    match numbers(ws).as_deref() {
        Some([n]) => return Some(TaskRef::Number(*n)),
        // "tasks 3, 5 and 8" where one task is expected: several at once.
        Some(_) => return Some(TaskRef::Them),
        None => {}
    }
    // "all work tasks", "everything overdue": a set of tasks, not a title.
    if ws
        .first()
        .is_some_and(|w| matches!(w.norm.as_str(), "all" | "every" | "everything" | "each"))
    {
        return Some(TaskRef::Them);
    }
    let text = norm_text(ws);
    match text.as_str() {
        "it" | "this" | "that" | "this one" | "that one" | "this task" | "that task" | "one"
        | "same one" => return Some(TaskRef::It),
        "them" | "those" | "these" | "all" | "all of them" | "both" | "both of them"
        | "everything" | "all tasks" | "all my tasks" | "all of my tasks" | "those tasks"
        | "these tasks" | "them all" => return Some(TaskRef::Them),
        _ => {}
    }
    // "the second one", "the 2nd", "the last one"
    let core = skip_trailing(ws, NOUNS);
    if let [w] = core {
        if w.norm == "last" {
            return Some(TaskRef::Last);
        }
        if let Some(n) = ordinal(&w.norm) {
            return Some(TaskRef::Position(n));
        }
    }
    // "the one about rent", "the task for the bank", "the groceries one", "the groceries task"
    let core = match core {
        [noun, link, rest @ ..]
            if NOUNS.contains(&noun.norm.as_str())
                && matches!(
                    link.norm.as_str(),
                    "about" | "for" | "with" | "called" | "named"
                )
                && !rest.is_empty() =>
        {
            rest
        }
        _ => core,
    };
    let core = skip_leading(core, ARTICLES);
    if core.is_empty() {
        return None;
    }
    let text = core
        .iter()
        .map(|w| w.norm.trim_end_matches("'s"))
        .collect::<Vec<_>>()
        .join(" ");
    Some(TaskRef::Words(text))
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn refs(text: &str) -> Option<Vec<TaskRef>> {
        task_refs(&words(text))
    }

    fn one(text: &str) -> Option<TaskRef> {
        task_ref(&words(text))
    }

    #[test]
    fn numbers_positions_pronouns_and_title_words() {
        assert_eq!(one("task 12"), Some(TaskRef::Number(12)));
        assert_eq!(one("#12"), Some(TaskRef::Number(12)));
        assert_eq!(one("task number 4"), Some(TaskRef::Number(4)));
        assert_eq!(one("task 12's"), Some(TaskRef::Number(12)));
        assert_eq!(one("the third one"), Some(TaskRef::Position(3)));
        assert_eq!(one("the last one"), Some(TaskRef::Last));
        assert_eq!(one("it"), Some(TaskRef::It));
        assert_eq!(one("all of them"), Some(TaskRef::Them));
        assert_eq!(
            one("the groceries task"),
            Some(TaskRef::Words("groceries".into()))
        );
        assert_eq!(
            one("the one about the bank"),
            Some(TaskRef::Words("bank".into()))
        );
        assert_eq!(
            refs("tasks 11 and 12"),
            Some(vec![TaskRef::Number(11), TaskRef::Number(12)])
        );
        assert_eq!(
            refs("#4 and #5"),
            Some(vec![TaskRef::Number(4), TaskRef::Number(5)])
        );
        assert_eq!(
            refs("buy supplements from my list"),
            Some(vec![TaskRef::Words("buy supplements".into())])
        );
        assert_eq!(one("  "), None);
    }
}
