//! What a chat message asks for, understood without any model. A small grammar read by hand-written
//! recursive descent over the message's words (`words`): a command is lead-ins ("please", "can
//! you"), then a verb phrase (add/list/count/complete/reopen/delete/change and their synonyms)
//! whose object is a task reference (`refs`), filters (`filters`) or attributes; or a statement
//! about a task ("the weekly report is done", "task 5 is due tomorrow", "I called mom"). Several
//! changes join with "and … it". Dates, priorities, tags and titles are read by `tasks::hints`, the
//! same code as quick add.
//!
//! Why by hand rather than a parser-combinator crate: the language is small and word-based, the
//! date and priority readers already work on word slices, and a command that is half understood
//! must become a question (never a guess), which is plainer to say in code than in combinators.
//! Pure code (dates come from the caller's local "now"), so every case is a table test.
mod add;
mod change;
mod filters;
mod refs;
mod words;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use filters::ListRequest;
pub use refs::TaskRef;

use crate::tasks::hints::QuickAdd;
use crate::tasks::{Due, Priority, StatusFilter};
use words::{forgive_verb, norm_text, starts, trim_politeness, Word};

/// One change to a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Title(String),
    /// A new due date; None clears it.
    Due(Option<Due>),
    /// "delay task 11 by 3 days": from its due date (today when it has none).
    DelayDays(i64),
    Priority(Priority),
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    ClearTags,
    Description(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    /// One task or several ("add three tasks: a, b and c").
    Add(Vec<QuickAdd>),
    /// "schedule the passport renewal for dec 10": a due date for the task the title names
    /// when one exists ("the": it should), else a new task. The flag: said with "the"/"my".
    Schedule(QuickAdd, bool),
    /// "and the bike too", "same for #4": what the last turn did, to these tasks.
    Same(Vec<TaskRef>),
    List(ListRequest),
    Count(ListRequest),
    /// "what should I work on next?", "plan my day".
    Next,
    Complete(Vec<TaskRef>),
    Reopen(Vec<TaskRef>),
    Delete(Vec<TaskRef>),
    /// "delete all completed": the agent asks for confirmation first.
    DeleteMany(StatusFilter),
    Update(TaskRef, Vec<Change>),
    Greeting,
    Help,
    /// Understood only in part: the question to ask back, and nothing is written.
    Ask(String),
    /// Anything else: the agent answers with examples of what it can do.
    Unknown,
}

/// Reads one chat message.
pub fn understand(message: &str, now: NaiveDateTime) -> Intent {
    let mut all = words::words(message);
    if let Some(first) = all.first_mut() {
        if let Some(verb) = forgive_verb(&first.norm) {
            first.norm = verb.to_owned();
        }
    }
    if let Some(intent) = small_talk(&all) {
        return intent;
    }
    let ws = trim_politeness(&all);
    if ws.is_empty() {
        return Intent::Unknown;
    }
    if let Some(intent) = small_talk(ws) {
        return intent;
    }
    if let Some(intent) = same_again(ws) {
        return intent;
    }
    if let Some(intent) = joined_changes(ws, now) {
        return intent;
    }
    clause(ws, now).unwrap_or(Intent::Unknown)
}

/// The task an answer to "Which one?" points at: "#3", "the first one", "3".
pub fn reference(text: &str) -> Option<TaskRef> {
    let all = words::words(text);
    refs::task_ref(trim_politeness(&all))
}

/// One clause: a verb phrase or a statement.
fn clause(ws: &[Word], now: NaiveDateTime) -> Option<Intent> {
    let first = ws.first()?;
    if let Some(intent) = counting(ws) {
        return Some(intent);
    }
    if let Some(intent) = add::command(ws, now) {
        return Some(intent);
    }
    if let Some(intent) = change::command(ws, now) {
        return Some(intent);
    }
    if let Some(intent) = listing(ws) {
        return Some(intent);
    }
    if let Some(intent) = change::statement(ws, now) {
        return Some(intent);
    }
    // "just called mom", "booked the dentist appointment": a statement without its "I".
    let lead = words::skip_leading(ws, &["just", "already", "finally"]);
    if lead.first().is_some_and(|w| change::is_past_form(&w.norm)) && lead.len() >= 2 {
        let subject = Word {
            raw: "I".into(),
            norm: "i".into(),
            quoted: false,
            pause: false,
        };
        let with_i: Vec<Word> = std::iter::once(subject).chain(ws.iter().cloned()).collect();
        if let Some(intent @ (Intent::Complete(_) | Intent::Reopen(_))) =
            change::statement(&with_i, now)
        {
            return Some(intent);
        }
    }
    // A lone word typo'd past forgiving, or a question about something else.
    let _ = first;
    None
}

/// "move task 2 to friday and make it high priority": the changes of both clauses to one task;
/// "I don't need the supplements task anymore, delete it": the task of the first, the verb of
/// the second.
fn joined_changes(ws: &[Word], now: NaiveDateTime) -> Option<Intent> {
    // The last joint first: "change X to low priority, remove the due date and tag it admin".
    for at in (1..ws.len().saturating_sub(1)).rev() {
        let (head, tail) = if ws[at].norm == "and" {
            (&ws[..at], &ws[at + 1..])
        } else if ws[at - 1].pause {
            (&ws[..at], &ws[at..])
        } else {
            continue;
        };
        let pronoun = |ws: &[Word]| {
            ws.iter()
                .any(|w| matches!(w.norm.as_str(), "it" | "them" | "that" | "this"))
        };
        let first = clause(head, now);
        // "scrap the supplements task, I changed my mind": a command, then why.
        let concrete = |intent: &Option<Intent>| match intent {
            Some(Intent::Complete(r) | Intent::Reopen(r) | Intent::Delete(r)) => !pointed(r),
            Some(Intent::Update(r, _)) => !pointed(std::slice::from_ref(r)),
            _ => false,
        };
        if ws[at - 1].pause && concrete(&first) && is_reason(tail) {
            return first;
        }
        // "just got back from the shop, groceries done": a remark, then the command.
        let remark = head.len() >= 3
            && !head.first().is_some_and(|w| {
                matches!(
                    w.norm.as_str(),
                    "todo" | "add" | "new" | "note" | "reminder" | "task" | "remind" | "create"
                )
            });
        if ws[at - 1].pause && first.is_none() && remark {
            let second = clause(trim_politeness(tail), now);
            if concrete(&second) {
                return second;
            }
        }
        let second = clause(trim_politeness(tail), now);
        let acts_on_pointer = |intent: &Option<Intent>| match intent {
            Some(Intent::Complete(r) | Intent::Reopen(r) | Intent::Delete(r)) => pointed(r),
            Some(Intent::Update(r, _)) => pointed(std::slice::from_ref(r)),
            _ => false,
        };
        // "…, remove the date" speaks of the same task without saying "it".
        if !pronoun(tail) && !acts_on_pointer(&second) {
            continue;
        }
        if let Some(Intent::Add(tasks)) = &first {
            // "I need to water the plants again, reopen it": the add names a task that exists.
            let named = match tasks.as_slice() {
                [one]
                    if ws[at - 1].pause
                        && matches!(
                            second,
                            Some(Intent::Complete(_) | Intent::Reopen(_) | Intent::Delete(_))
                        )
                        && acts_on_pointer(&second) =>
                {
                    one.title.to_lowercase()
                }
                // "add a task to call mom and make it urgent": the add reads its own "it".
                _ => continue,
            };
            return Some(match second {
                Some(Intent::Complete(_)) => Intent::Complete(vec![TaskRef::Words(named)]),
                Some(Intent::Reopen(_)) => Intent::Reopen(vec![TaskRef::Words(named)]),
                Some(Intent::Delete(_)) => Intent::Delete(vec![TaskRef::Words(named)]),
                // "…, it's urgent", "…, tag it work": the new task's own attributes.
                _ => continue,
            });
        }
        // "I already did that one, mark it done": both point at the same task.
        if acts_on_pointer(&first) && acts_on_pointer(&second) {
            return second;
        }
        // "delete read a book, I don't need it anymore", "mark the plants as not done, I forgot
        // to water them": the command, then its reason.
        let concrete_write = |intent: &Option<Intent>| match intent {
            Some(Intent::Complete(r) | Intent::Reopen(r) | Intent::Delete(r)) => !pointed(r),
            Some(Intent::Update(r, _)) => !pointed(std::slice::from_ref(r)),
            _ => false,
        };
        if ws[at - 1].pause && concrete_write(&first) && is_reason(tail) {
            return first;
        }
        let Some(second) = second else {
            continue;
        };
        // "just fixed the bike, mark it done", "forget about the dentist appointment, remove
        // it", "move task 2 to friday and make it high priority": the task of the first clause,
        // what to do from the second.
        let Some(targets) = head_refs(head, first.as_ref(), now) else {
            continue;
        };
        match second {
            Intent::Complete(r) if pointed(&r) => return Some(Intent::Complete(targets)),
            Intent::Reopen(r) if pointed(&r) => return Some(Intent::Reopen(targets)),
            Intent::Delete(r) if pointed(&r) => return Some(Intent::Delete(targets)),
            Intent::Update(TaskRef::It, more) => {
                let [target] = targets.as_slice() else {
                    continue;
                };
                let mut changes = match first {
                    Some(Intent::Update(_, changes)) => changes,
                    _ => Vec::new(),
                };
                changes.extend(more);
                return Some(Intent::Update(target.clone(), changes));
            }
            _ => {}
        }
    }
    None
}

/// "and the bike too", "the bike as well", "same for task 4", "also #5".
fn same_again(ws: &[Word]) -> Option<Intent> {
    let (lead, rest) = if starts(ws, &["same", "for"]) || starts(ws, &["same", "with"]) {
        (true, &ws[2..])
    } else if starts(ws, &["do", "the", "same", "for"]) {
        (true, &ws[4..])
    } else if starts(ws, &["and"]) || starts(ws, &["also"]) {
        (false, &ws[1..])
    } else {
        (false, ws)
    };
    let trailing = ["too", "also"];
    let (rest, tail) = if rest
        .last()
        .is_some_and(|w| trailing.contains(&w.norm.as_str()))
    {
        (&rest[..rest.len() - 1], true)
    } else if words::ends(rest, &["as", "well"]) {
        (&rest[..rest.len() - 2], true)
    } else {
        (rest, false)
    };
    let and_lead = rest.len() < ws.len() && !lead;
    if !(lead || tail && (and_lead || rest.len() <= 3)) || rest.is_empty() {
        return None;
    }
    let refs = refs::task_refs(rest)?;
    Some(Intent::Same(refs))
}

/// "it", "them": pointing, not naming.
fn pointed(refs: &[TaskRef]) -> bool {
    refs.iter()
        .all(|r| matches!(r, TaskRef::It | TaskRef::Them))
}

/// The tasks a first clause names: as a command or statement ("move task 2 to friday", "the
/// notes aren't finished"), as a statement without its "I" ("just fixed the bike"), or as the
/// noun phrase after a verb ("forget about the dentist appointment", "I don't need the
/// supplements task").
fn head_refs(head: &[Word], parsed: Option<&Intent>, now: NaiveDateTime) -> Option<Vec<TaskRef>> {
    match parsed {
        Some(Intent::Complete(r) | Intent::Reopen(r) | Intent::Delete(r)) if !pointed(r) => {
            return Some(r.clone());
        }
        Some(Intent::Update(r, _)) if !pointed(std::slice::from_ref(r)) => {
            return Some(vec![r.clone()])
        }
        _ => {}
    }
    let head = trim_politeness(head);
    let subject = Word {
        raw: "I".into(),
        norm: "i".into(),
        quoted: false,
        pause: false,
    };
    let with_i: Vec<Word> = std::iter::once(subject)
        .chain(head.iter().cloned())
        .collect();
    if !starts(head, &["i"]) {
        if let Some(Intent::Complete(r) | Intent::Reopen(r)) = change::statement(&with_i, now) {
            if !pointed(&r) {
                return Some(r);
            }
        }
    }
    // "I don't need the supplements task anymore"
    let me = words::skip_leading(head, &["i", "we", "really", "just"]);
    for phrase in [
        &["don't", "need"][..],
        &["dont", "need"],
        &["do", "not", "need"],
        &["no", "longer", "need"],
        &["don't", "want"],
        &["won't", "need"],
    ] {
        if starts(me, phrase) && me.len() < head.len() {
            return refs::task_refs(&me[phrase.len()..]).filter(|r| !pointed(r));
        }
    }
    // "the rent is not that important": the subject of the statement.
    if let Some(pivot) = head.iter().position(|w| {
        matches!(
            w.norm.as_str(),
            "is" | "are"
                | "isn't"
                | "aren't"
                | "was"
                | "has"
                | "should"
                | "shouldn't"
                | "can"
                | "don't"
                | "doesn't"
                | "needs"
                | "need"
                | "have"
                | "won't"
        )
    }) {
        let people = ["i", "we", "you", "they"];
        // "the plants still need watering": the subject without its adverb.
        let subject = words::skip_trailing(&head[..pivot], &["still", "really", "also", "now"]);
        if !subject.iter().any(|w| people.contains(&w.norm.as_str())) {
            if let Some(r) = refs::task_refs(subject).filter(|r| !pointed(r)) {
                return Some(r);
            }
        }
    }
    // "passport renewed": the title's verb after its object.
    if let Some((last, object)) = head.split_last() {
        if change::is_past_form(&last.norm) && !object.is_empty() {
            let words = format!("{} {}", last.norm, norm_text(object));
            return Some(vec![TaskRef::Words(words)]);
        }
    }
    let at = head
        .iter()
        .position(|w| matches!(w.norm.as_str(), "the" | "my" | "task"))?;
    refs::task_refs(&head[at..]).filter(|r| !pointed(r))
}

/// A clause that only gives a reason: "I don't need it anymore", "it's done", "not needed", "I
/// gave them away", "because it's cancelled".
fn is_reason(ws: &[Word]) -> bool {
    if ws.first().is_some_and(|w| {
        matches!(
            w.norm.as_str(),
            "i" | "we"
                | "because"
                | "since"
                | "as"
                | "cause"
                | "'cause"
                | "i'm"
                | "im"
                | "i've"
                | "we're"
        )
    }) && !ws.iter().any(|w| {
        matches!(
            w.norm.as_str(),
            "mark" | "delete" | "remove" | "reopen" | "complete"
        )
    }) {
        return true;
    }
    let ws = words::skip_leading(ws, &["i", "we", "really", "just"]);
    starts(ws, &["it", "got"])
        || starts(ws, &["it", "was", "cancelled"])
        || starts(ws, &["it", "was", "canceled"])
        || starts(ws, &["it", "is", "cancelled"])
        || starts(ws, &["it", "is", "canceled"])
        || starts(ws, &["no", "rush"])
        || starts(ws, &["no", "hurry"])
        || starts(ws, &["don't", "need"])
        || starts(ws, &["dont", "need"])
        || starts(ws, &["do", "not", "need"])
        || starts(ws, &["no", "longer", "need"])
        || starts(ws, &["not", "needed"])
        || starts(ws, &["it's", "not", "needed"])
        || starts(ws, &["it", "is", "not", "needed"])
        || starts(ws, &["it's", "done"])
        || starts(ws, &["it's", "finished"])
        || starts(ws, &["it's", "no", "longer"])
        || starts(ws, &["that's", "done"])
}

/// Greetings, thanks, help, and asking what to do next: no task tool but `suggest_next`.
fn small_talk(ws: &[Word]) -> Option<Intent> {
    let text = norm_text(ws);
    let text = text.as_str();
    const GREETINGS: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "hey there",
        "hi there",
        "hello there",
        "yo",
        "thanks",
        "thank you",
        "thanks a lot",
        "thank you so much",
        "thx",
        "cheers",
        "good morning",
        "morning",
        "good afternoon",
        "good evening",
        "great",
        "cool",
        "nice",
        "awesome",
        "ok thanks",
        "thanks!",
        "perfect",
        "got it",
    ];
    if GREETINGS.contains(&text) {
        return Some(Intent::Greeting);
    }
    const HELP: &[&str] = &[
        "help",
        "help me",
        "what can you do",
        "what can i say",
        "what can i ask",
        "how does this work",
        "how do i use this",
        "commands",
        "what are the commands",
        "what do you do",
        "who are you",
        "what are you",
        "how can you help",
        "options",
        "?",
    ];
    if HELP.contains(&text) {
        return Some(Intent::Help);
    }
    // "what kind of things can I ask you", "how do I use this?"
    let asks_about_me = [
        "can i ask",
        "can you do",
        "can i say",
        "can i tell",
        "can you help",
        "how do i use",
    ]
    .iter()
    .any(|p| text.contains(p));
    if asks_about_me {
        return Some(Intent::Help);
    }
    const NEXT: &[&str] = &[
        "what should i work on next",
        "what should i work on",
        "what should i work on now",
        "what should i work on first",
        "what should i do next",
        "what should i do now",
        "what should i do first",
        "what should i do today",
        "what should i focus on",
        "what should i focus on today",
        "what should i tackle next",
        "what do i do next",
        "what do i do now",
        "what to do next",
        "what to work on",
        "what to work on next",
        "what's next",
        "whats next",
        "what is next",
        "what now",
        "plan my day",
        "plan my day for me",
        "plan the day",
        "plan today",
        "help me plan my day",
        "help me prioritize",
        "help me prioritise",
        "help me plan",
        "where should i start",
        "where do i start",
        "where to start",
        "suggest a task",
        "suggest something",
        "suggest what to do",
        "pick a task for me",
        "pick something for me",
        "what's most important",
        "what is most important",
        "what's the most important task",
        "what is the most important task",
        "what's my priority",
        "what's my top priority",
        "what is my top priority",
        "what's my next task",
        "what is my next task",
        "next task",
        "what next",
    ];
    if NEXT.contains(&text) {
        return Some(Intent::Next);
    }
    // "what do you suggest I do next?", "what would you recommend"
    const ADVICE: &[&[&str]] = &[
        &["what", "do", "you", "suggest"],
        &["what", "would", "you", "suggest"],
        &["what", "do", "you", "recommend"],
        &["what", "would", "you", "recommend"],
        &["any", "suggestions"],
        &["suggest", "what"],
        &["recommend", "a", "task"],
    ];
    if ADVICE.iter().any(|phrase| starts(ws, phrase)) {
        return Some(Intent::Next);
    }
    // "what should I tackle first", "what do I work on next", "plan my week"
    // "what's the next thing I should do"
    let next_thing = (starts(ws, &["what's"]) || starts(ws, &["what", "is"]))
        && words::find(ws, &["next"], 0).is_some()
        && !ws.iter().any(|w| {
            matches!(
                w.norm.as_str(),
                "due" | "week" | "month" | "tomorrow" | "tasks"
            )
        });
    if next_thing {
        return Some(Intent::Next);
    }
    let asks_what = words::find(ws, &["what", "should", "i"], 0).is_some()
        || starts(ws, &["what", "do", "i"])
        || starts(ws, &["which", "task", "should", "i"])
        || starts(ws, &["which", "one", "should", "i"])
        || starts(ws, &["what", "task", "should", "i"]);
    // "what should I pick up?" — but "what do I have due next week" is a list.
    let about_a_list = ws.iter().any(|w| {
        matches!(
            w.norm.as_str(),
            "due" | "week" | "month" | "tomorrow" | "overdue" | "tagged" | "completed" | "done"
        )
    });
    let asks_what = asks_what && !about_a_list;
    let should_i = words::find(ws, &["what", "should", "i"], 0).is_some() && !about_a_list;
    let about_order = should_i
        || ws.iter().any(|w| {
            matches!(
                w.norm.as_str(),
                "next" | "first" | "now" | "start" | "tackle" | "focus" | "begin"
            )
        });
    let plans = starts(ws, &["plan", "my"]) && ws.len() <= 4
        || words::find(ws, &["a", "plan", "for"], 0).is_some()
        || words::find(ws, &["most", "important"], 0).is_some_and(|_| {
            // "what's most important right now?" (not "show the most important tasks")
            !ws.iter()
                .any(|w| matches!(w.norm.as_str(), "tasks" | "show" | "list"))
        });
    let next_step = starts(ws, &["what's", "my", "next"])
        || starts(ws, &["what", "is", "my", "next"])
        || starts(ws, &["where", "do", "i", "start"])
        || starts(ws, &["where", "should", "i", "start"])
        || starts(ws, &["where", "do", "i", "begin"]);
    (asks_what && about_order || plans || next_step).then_some(Intent::Next)
}

/// "how many open tasks are tagged home?", "count my tasks", "number of completed tasks".
fn counting(ws: &[Word]) -> Option<Intent> {
    let rest = if starts(ws, &["how", "many"]) || starts(ws, &["how", "much"]) {
        &ws[2..]
    } else if starts(ws, &["count"]) || starts(ws, &["total"]) {
        &ws[1..]
    } else if starts(ws, &["number", "of"]) || starts(ws, &["total", "of"]) {
        &ws[2..]
    } else if starts(ws, &["what's", "the", "number", "of"]) || starts(ws, &["the", "number", "of"])
    {
        &ws[ws.iter().position(|w| w.norm == "of")? + 1..]
    } else {
        return None;
    };
    Some(Intent::Count(filters::list_request(rest)))
}

/// The verbs and questions that show tasks: "show my work tasks", "what's overdue?",
/// "search for grocery", "do I have anything about the dentist?".
fn listing(ws: &[Word]) -> Option<Intent> {
    const SEARCH: &[&[&str]] = &[
        &["search", "my", "tasks", "for"],
        &["search", "tasks", "for"],
        &["search", "the", "list", "for"],
        &["search", "for"],
        &["search"],
        &["find", "my", "tasks", "mentioning"],
        &["find", "tasks", "mentioning"],
        &["find", "tasks", "about"],
        &["find", "tasks", "with"],
        &["find", "me"],
        &["find"],
        &["look", "for"],
        &["look", "up"],
        &["lookup"],
        &["look", "through", "my", "tasks", "for"],
    ];
    for verb in SEARCH {
        if starts(ws, verb) && ws.len() > verb.len() {
            let rest = &ws[verb.len()..];
            let mut request = filters::search_request(rest);
            if request == ListRequest::default() {
                request.search = search_words(rest);
            }
            return Some(Intent::List(request));
        }
    }
    // "do I have anything about the dentist?", "is there a task about the book?"
    const ASKS: &[&str] = &[
        "can",
        "could",
        "sort",
        "order",
        "arrange",
        "organize",
        "organise",
        "filter",
        "show",
        "list",
        "display",
        "view",
        "see",
        "get",
        "give",
        "what",
        "what's",
        "whats",
        "which",
        "tell",
        "any",
        "anything",
        "is",
        "are",
        "do",
        "tasks",
        "my",
        "all",
        "everything",
        "overdue",
        "pending",
        "completed",
        "open",
        "today's",
        "todays",
        "upcoming",
        "let",
        "where",
        "did",
    ];
    if !ASKS.contains(&ws[0].norm.as_str()) {
        // "high priority tasks please", "work tasks": filters and a noun, nothing else.
        let noun = ws
            .last()
            .is_some_and(|w| matches!(w.norm.as_str(), "tasks" | "todos" | "items"));
        let request = filters::list_request(ws);
        if noun && ws.len() <= 5 && request != ListRequest::default() {
            return Some(Intent::List(request));
        }
        return None;
    }
    let about_tasks = words::find(ws, &["to", "do"], 0).is_some()
        || ws.iter().any(|w| {
            matches!(
                w.norm.as_str(),
                "task"
                    | "tasks"
                    | "todo"
                    | "todos"
                    | "list"
                    | "due"
                    | "overdue"
                    | "late"
                    | "today"
                    | "today's"
                    | "tomorrow"
                    | "pending"
                    | "open"
                    | "completed"
                    | "done"
                    | "finished"
                    | "priority"
                    | "urgent"
                    | "important"
                    | "tagged"
                    | "left"
                    | "agenda"
                    | "about"
                    | "mentioning"
                    | "everything"
                    | "anything"
                    | "week"
                    | "items"
                    | "things"
                    | "stuff"
                    | "schedule"
                    | "deadline"
                    | "deadlines"
                    | "tonight"
                    | "remaining"
                    | "behind"
            ) || w.norm.starts_with('#')
        });
    // "show my errands": one word after "show my" names its tag.
    if !about_tasks {
        let verb = matches!(ws[0].norm.as_str(), "show" | "list" | "display" | "view");
        return match &ws[1..] {
            [my, tag] if verb && my.norm == "my" => {
                let tag = crate::tasks::validate::parse_tag(tag.norm.trim_start_matches('#'))
                    .ok()
                    .flatten()?;
                Some(Intent::List(ListRequest {
                    tag: Some(tag),
                    ..ListRequest::default()
                }))
            }
            _ => None,
        };
    }
    Some(Intent::List(filters::list_request(ws)))
}

/// The words to search for when the verb itself says "search": "search supplements", "search for
/// grocery in my tasks".
fn search_words(rest: &[Word]) -> Option<String> {
    let cut = [
        &["in", "my"][..],
        &["in", "the"],
        &["on", "my"],
        &["from", "my"],
    ]
    .iter()
    .filter_map(|tail| words::find(rest, tail, 1))
    .min()
    .unwrap_or(rest.len());
    let rest = words::skip_leading(
        &rest[..cut],
        &[
            "for",
            "the",
            "a",
            "my",
            "tasks",
            "task",
            "any",
            "anything",
            "something",
            "everything",
            "with",
            "about",
            "that",
            "mentions",
            "mention",
        ],
    );
    let rest = words::skip_trailing(rest, &["task", "tasks", "one", "item", "todo"]);
    let text = norm_text(rest);
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{DueWindow, SortKey};
    use chrono::{NaiveDate, NaiveTime};

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap()
    }

    fn on(month: u32, day: u32, time: Option<(u32, u32)>) -> Option<Due> {
        Some(Due {
            date: NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
            time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
        })
    }

    fn add(title: &str, due: Option<Due>, priority: Option<Priority>, tags: &[&str]) -> QuickAdd {
        QuickAdd {
            title: title.into(),
            due,
            priority,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn n(number: i64) -> Vec<TaskRef> {
        vec![TaskRef::Number(number)]
    }

    fn words(text: &str) -> TaskRef {
        TaskRef::Words(text.into())
    }

    fn update(reference: TaskRef, changes: Vec<Change>) -> Intent {
        Intent::Update(reference, changes)
    }

    #[test]
    fn adds_take_their_attributes_out_of_the_title() {
        use Priority::{High, Low};
        let cases = [
            (
                "add a task to buy groceries",
                vec![add("Buy groceries", None, None, &[])],
            ),
            (
                "Add a high priority task to prepare the presentation",
                vec![add("Prepare the presentation", None, Some(High), &[])],
            ),
            (
                "add a task to pay rent due on the 1st of next month",
                vec![add("Pay rent", on(12, 1, None), None, &[])],
            ),
            (
                "add a task to email the team with tags work and urgent",
                vec![add("Email the team", None, None, &["work", "urgent"])],
            ),
            (
                "add 'call the bank' tomorrow, high priority",
                vec![add("Call the bank", on(11, 26, None), Some(High), &[])],
            ),
            (
                "add clean the oven whenever",
                vec![add("Clean the oven", None, Some(Low), &[])],
            ),
            (
                "add three tasks: call mom, pay the bills and book the dentist",
                vec![
                    add("Call mom", None, None, &[]),
                    add("Pay the bills", None, None, &[]),
                    add("Book the dentist", None, None, &[]),
                ],
            ),
            (
                "add buy paint and brushes",
                vec![add("Buy paint and brushes", None, None, &[])],
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                understand(message, now()),
                Intent::Add(expected),
                "{message:?}"
            );
        }
    }

    #[test]
    fn a_sentence_about_an_existing_task_is_a_change_never_an_add() {
        let cases = [
            (
                "Add tag work to task 5",
                update(
                    TaskRef::Number(5),
                    vec![Change::AddTags(vec!["work".into()])],
                ),
            ),
            (
                "add health and fitness tags to buy supplements",
                update(
                    words("buy supplements"),
                    vec![Change::AddTags(vec!["health".into(), "fitness".into()])],
                ),
            ),
            (
                "Remove the work tag from task 1",
                update(
                    TaskRef::Number(1),
                    vec![Change::RemoveTags(vec!["work".into()])],
                ),
            ),
            (
                "clear the due date of task 2",
                update(TaskRef::Number(2), vec![Change::Due(None)]),
            ),
            (
                "Change task 1 to 'Call mom tonight'",
                update(
                    TaskRef::Number(1),
                    vec![Change::Title("Call mom tonight".into())],
                ),
            ),
            (
                "set due date for task 4 to next Friday 5pm",
                update(
                    TaskRef::Number(4),
                    vec![Change::Due(on(12, 4, Some((17, 0))))],
                ),
            ),
            (
                "update the grocery task description to get oat milk",
                update(
                    words("grocery"),
                    vec![Change::Description("get oat milk".into())],
                ),
            ),
            (
                "move task 2 to friday and make it high priority",
                update(
                    TaskRef::Number(2),
                    vec![
                        Change::Due(on(11, 27, None)),
                        Change::Priority(Priority::High),
                    ],
                ),
            ),
            (
                "delay task 11 by 3 days",
                update(TaskRef::Number(11), vec![Change::DelayDays(3)]),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(understand(message, now()), expected, "{message:?}");
        }
        assert!(matches!(
            understand("add milk to task 5", now()),
            Intent::Ask(_)
        ));
        assert!(matches!(
            understand("move task 2 to someday", now()),
            Intent::Ask(_)
        ));
    }

    #[test]
    fn status_changes_by_command_and_by_statement() {
        let cases = [
            ("mark task 3 as done", Intent::Complete(n(3))),
            ("compelte task 4", Intent::Complete(n(4))),
            (
                "mark #4 and #5 as done",
                Intent::Complete(vec![TaskRef::Number(4), TaskRef::Number(5)]),
            ),
            (
                "I finished buying groceries",
                Intent::Complete(vec![words("buying groceries")]),
            ),
            ("I called mom", Intent::Complete(vec![words("called mom")])),
            (
                "the weekly report is done",
                Intent::Complete(vec![words("weekly report")]),
            ),
            ("mark #10 incomplete", Intent::Reopen(n(10))),
            (
                "the meeting notes aren't done yet",
                Intent::Reopen(vec![words("meeting notes")]),
            ),
            ("delete task 5", Intent::Delete(n(5))),
            (
                "delete all completed tasks",
                Intent::DeleteMany(StatusFilter::Completed),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(understand(message, now()), expected, "{message:?}");
        }
    }

    #[test]
    fn lists_counts_and_what_next() {
        let list = |f: fn(&mut ListRequest)| {
            let mut request = ListRequest::default();
            f(&mut request);
            request
        };
        let cases = [
            (
                "what's overdue?",
                Intent::List(list(|r| r.status = StatusFilter::Overdue)),
            ),
            (
                "Show me all personal tasks",
                Intent::List(list(|r| r.tag = Some("personal".into()))),
            ),
            (
                "find tasks tagged work that are not done",
                Intent::List(list(|r| {
                    r.tag = Some("work".into());
                    r.status = StatusFilter::Active
                })),
            ),
            (
                "search for grocery in my tasks",
                Intent::List(list(|r| r.search = Some("grocery".into()))),
            ),
            (
                "show tasks due this week",
                Intent::List(list(|r| r.due = Some(DueWindow::ThisWeek))),
            ),
            (
                "list tasks sorted by priority",
                Intent::List(list(|r| r.sort = SortKey::Priority)),
            ),
            (
                "how many overdue tasks do I have",
                Intent::Count(list(|r| r.status = StatusFilter::Overdue)),
            ),
            ("what should I work on next?", Intent::Next),
            ("plan my day", Intent::Next),
            ("hello", Intent::Greeting),
            ("what is the meaning of life", Intent::Unknown),
        ];
        for (message, expected) in cases {
            assert_eq!(understand(message, now()), expected, "{message:?}");
        }
    }
}
