//! Adding: "add a high priority task to prepare the presentation", "remind me to call mom
//! tomorrow", "add three tasks: a, b and c". The attributes are read by quick add wherever they
//! are; a sentence whose object is a tag or a description of an existing task is a change, and
//! "add X to task 5" is a question, never a new task.
use chrono::NaiveDateTime;

use super::change::{description_after, tag_words};
use super::refs::{task_ref, TaskRef};
use super::words::{ends, find, has_any, raw_text, skip_leading, starts, Word};
use super::{Change, Intent};
use crate::tasks::hints::{capitalize_first, parse_quick_add, QuickAdd};
use crate::tasks::Priority;

/// The phrases that start an add, longest first.
const STARTS: &[&[&str]] = &[
    &["i", "need", "to", "remember", "to"],
    &["i", "have", "to", "remember", "to"],
    &["remind", "me", "to"],
    &["remind", "me"],
    &["don't", "forget", "to"],
    &["dont", "forget", "to"],
    &["do", "not", "forget", "to"],
    &["remember", "to"],
    &["i", "need", "to"],
    &["i", "have", "to"],
    &["i", "must"],
    &["i", "should"],
    &["i", "gotta"],
    &["i've", "got", "to"],
    &["note", "to", "self"],
    &["don't", "let", "me", "forget", "to"],
    &["dont", "let", "me", "forget", "to"],
    &["do", "not", "let", "me", "forget", "to"],
    &["new"],
    &["todo"],
    &["to", "do"],
    &["add"],
    &["create"],
    &["make", "a", "task"],
    &["make", "a", "new", "task"],
    &["make", "a", "todo"],
    &["put"],
    &["note", "down"],
    &["jot", "down"],
    &["write", "down"],
    &["schedule"],
];

/// Words before the title that only say "a task": "a new high priority task to".
const LEAD: &[&str] = &[
    "a",
    "an",
    "new",
    "another",
    "quick",
    "simple",
    "one",
    "task",
    "tasks",
    "todo",
    "todos",
    "item",
    "items",
    "reminder",
    "reminders",
    "entry",
    "these",
    "the",
    "following",
    "some",
    "two",
    "three",
    "four",
    "five",
    "six",
    "2",
    "3",
    "4",
    "5",
    "6",
    "couple",
    "of",
    "few",
];
/// A plural lead means a list of titles follows.
const PLURAL: &[&str] = &[
    "tasks",
    "todos",
    "items",
    "reminders",
    "following",
    "these",
    "things",
];
/// The end of a lead: "a task to …", "a task called …", "tasks: …".
const LINKS: &[&str] = &["to", "called", "named", "titled", "for", "that", "saying"];

/// Where an add ends when the user says where it goes.
const LIST_TAILS: &[&[&str]] = &[
    &["to", "my", "list"],
    &["to", "the", "list"],
    &["to", "my", "tasks"],
    &["to", "my", "todo", "list"],
    &["to", "my", "to-do", "list"],
    &["to", "the", "todo", "list"],
    &["to", "my", "to", "do", "list"],
    &["to", "todo"],
    &["to", "the", "tasks"],
    &["on", "my", "list"],
    &["as", "a", "task"],
    &["as", "a", "new", "task"],
];

/// "on my to-do list", "onto the shopping list", "to my tasks": (where, how many words).
fn where_it_goes(ws: &[Word]) -> Option<(usize, usize)> {
    (1..ws.len()).find_map(|i| {
        let link = matches!(ws[i].norm.as_str(), "to" | "on" | "onto" | "in" | "into");
        let owner = ws
            .get(i + 1)
            .is_some_and(|w| matches!(w.norm.as_str(), "my" | "the" | "our"));
        if !link || !owner {
            return None;
        }
        let is_list = |w: &Word| matches!(w.norm.as_str(), "list" | "tasks" | "todos" | "to-dos");
        if ws.get(i + 2).is_some_and(is_list) {
            return Some((i, 3));
        }
        if ws.get(i + 3).is_some_and(is_list) {
            return Some((i, 4));
        }
        None
    })
}

/// Tails that are the task's priority: ", it's urgent", "whenever".
const PRIORITY_TAILS: &[(&[&str], Priority)] = &[
    (&["it's", "urgent"], Priority::High),
    (&["it", "is", "urgent"], Priority::High),
    (&["it's", "important"], Priority::High),
    (&["it", "is", "important"], Priority::High),
    (&["which", "is", "urgent"], Priority::High),
    (&["very", "important"], Priority::High),
    (&["important"], Priority::High),
    (&["no", "rush"], Priority::Low),
    (&["not", "urgent"], Priority::Low),
    (&["whenever"], Priority::Low),
    (&["whenever", "i", "can"], Priority::Low),
    (&["when", "i", "can"], Priority::Low),
    (&["when", "i", "have", "time"], Priority::Low),
    (&["eventually"], Priority::Low),
    (&["someday"], Priority::Low),
    (&["sometime"], Priority::Low),
];

/// "task", "tasks", "todo", … and the same with two letters swapped ("taks").
fn is_task_noun(word: &str) -> bool {
    const NOUNS: &[&str] = &[
        "things",
        "task",
        "tasks",
        "todo",
        "todos",
        "item",
        "items",
        "reminder",
        "reminders",
        "following",
    ];
    let sorted = |w: &str| {
        let mut chars: Vec<char> = w.chars().collect();
        chars.sort_unstable();
        chars
    };
    NOUNS.contains(&word)
        || ["task", "tasks"]
            .iter()
            .any(|n| sorted(n) == sorted(word) && strsim::damerau_levenshtein(n, word) == 1)
}

/// Priority words a lead may hold: "a high priority task", "an urgent task".
fn lead_priority(ws: &[Word]) -> Option<(usize, Priority)> {
    let level = |w: &str| match w {
        "high" | "top" | "highest" => Some(Priority::High),
        "medium" | "normal" | "mid" => Some(Priority::Medium),
        "low" | "lowest" => Some(Priority::Low),
        _ => None,
    };
    match ws {
        [l, p, ..] if p.norm == "priority" || p.norm == "prio" => level(&l.norm).map(|x| (2, x)),
        [w, ..] if w.norm == "high-priority" => Some((1, Priority::High)),
        [w, ..] if w.norm == "low-priority" => Some((1, Priority::Low)),
        [w, ..] if matches!(w.norm.as_str(), "urgent" | "important" | "critical") => {
            Some((1, Priority::High))
        }
        _ => None,
    }
}

/// An add command, or the change or question it turns out to be.
pub fn command(ws: &[Word], now: NaiveDateTime) -> Option<Intent> {
    let start = STARTS.iter().find(|s| starts(ws, s))?;
    let verb = ws[0].norm.as_str();
    let mut rest = &ws[start.len()..];
    if rest.is_empty() {
        return None;
    }
    // "new task: …", "new tasks: …" — but "new" alone starts no add.
    if *start == ["new"] && !rest.first().is_some_and(|w| is_task_noun(&w.norm)) {
        return None;
    }
    // "put task 5 under health": a tag, not a new task.
    if verb == "put" {
        if let Some(intent) = put(rest) {
            return Some(intent);
        }
        // "put water the plants back on my list": reopen it.
        if let Some(at) = find(rest, &["back"], 1) {
            return Some(Intent::Reopen(vec![task_ref(&rest[..at])?]));
        }
    }
    // "schedule task 12 for saturday", "add #4 to …": the object is a task that exists.
    if let Some(TaskRef::Number(n)) = numbered_object(rest) {
        let after = &rest[numbered_len(rest)..];
        let due = super::change::due_value(after, now);
        return Some(match due {
            Some(due) if matches!(verb, "schedule" | "put" | "plan") => {
                Intent::Update(TaskRef::Number(n), vec![Change::Due(due)])
            }
            _ => Intent::Ask(format!(
                "Task #{n} exists already. Do you want to change it (for example \"move #{n} to friday\"), or add a new task? Say \"add a task called …\" for a new one."
            )),
        });
    }
    if let Some(intent) = attribute_of_existing(rest) {
        return Some(intent);
    }
    // "… and add the tag family": a tag for the task the conversation is about.
    if starts(rest, &["the", "tag"]) || starts(rest, &["a", "tag"]) || starts(rest, &["tag"]) {
        let tags = tag_words(rest);
        if !tags.is_empty() && find(rest, &["to"], 1).is_none() {
            return Some(Intent::Update(TaskRef::It, vec![Change::AddTags(tags)]));
        }
    }

    // The lead: "a new high priority task to", "three tasks:", "an important task:".
    let mut priority = None;
    let mut plural = false;
    let mut saw_noun = false;
    let mut i = 0;
    while i < rest.len() {
        if let Some((n, p)) = lead_priority(&rest[i..]) {
            priority = Some(p);
            i += n;
            // "add low priority: sort the photos"
            if rest[i - 1].pause {
                saw_noun = true;
                break;
            }
            continue;
        }
        let w = &rest[i];
        if w.quoted || !(LEAD.contains(&w.norm.as_str()) || is_task_noun(&w.norm)) {
            break;
        }
        if is_task_noun(&w.norm) || (w.norm == "these" && w.pause) {
            saw_noun = true;
            plural |= PLURAL.contains(&w.norm.as_str());
            i += 1;
            if w.pause {
                break;
            }
            continue;
        }
        i += 1;
    }
    if saw_noun {
        rest = &rest[i..];
        if rest
            .first()
            .is_some_and(|w| !w.quoted && LINKS.contains(&w.norm.as_str()))
        {
            rest = &rest[1..];
        }
    } else {
        // No "task" word: "add low priority: sort the photos" is read by quick add itself; "a"
        // is not part of "schedule a haircut".
        priority = None;
        rest = skip_leading(rest, &["a", "an"]);
    }
    // "add two tasks tomorrow: call the bank and pay the rent": hints for every task of the list.
    let mut shared = QuickAdd::default();
    let lead_paused = i > 0 && ws_paused(&ws[start.len()..], i);
    if plural && !lead_paused {
        if let Some(at) = rest.iter().position(|w| w.pause) {
            // "tomorrow:" is a date before its colon.
            let mut hints = rest[..=at].to_vec();
            if let Some(last) = hints.last_mut() {
                last.raw = last.raw.trim_end_matches(':').to_owned();
            }
            let before = quick_add(&hints, None, now);
            if before.title.is_empty() {
                shared = before;
                rest = &rest[at + 1..];
            }
        }
    }
    // "to my list" says where, wherever it is: "add X to my tasks due thursday".
    let kept: Vec<Word>;
    if let Some((at, len)) = LIST_TAILS
        .iter()
        .find_map(|tail| find(rest, tail, 1).map(|at| (at, tail.len())))
        .or_else(|| where_it_goes(rest))
    {
        kept = rest[..at]
            .iter()
            .chain(&rest[at + len..])
            .cloned()
            .collect();
        rest = &kept;
    }
    // ", it's urgent", "whenever": the priority said after the title.
    for (tail, p) in PRIORITY_TAILS {
        if rest.len() > tail.len() && ends(rest, tail) {
            priority = Some(*p);
            rest = &rest[..rest.len() - tail.len()];
            break;
        }
    }
    if rest.is_empty() {
        return Some(Intent::Ask(
            "What should the new task be called? For example: \"add a task to buy milk\".".into(),
        ));
    }
    // "add milk to task 5": an add that names an existing task is not a guess we make.
    if let Some(at) = find(rest, &["to"], 1) {
        if let Some(TaskRef::Number(n)) = task_ref(&rest[at + 1..]) {
            let title = capitalize_first(&raw_text(rest));
            return Some(Intent::Ask(format!(
                "Do you want a new task \"{title}\", or a change to #{n}? Say \"add a task called …\" for a new one, or for example \"add the tag work to #{n}\"."
            )));
        }
    }
    // "1) renew the library card 2) return the jacket", "- milk - eggs": a list by its marks.
    let marked = split_marked(rest);
    // "a; b; c": semicolons only ever separate items.
    let semicolons = rest.iter().any(|w| w.raw.ends_with(';'));
    let plural = plural || marked.len() >= 2 || semicolons;
    let parts = if marked.len() >= 2 {
        marked
    } else {
        split_list(rest)
    };
    // "add milk, eggs and bread": a list of short titles is several tasks even without "tasks".
    let hint_word = |p: &&[Word]| {
        p.first().is_some_and(|w| {
            matches!(
                w.norm.as_str(),
                "tag"
                    | "tags"
                    | "tagged"
                    | "due"
                    | "priority"
                    | "high"
                    | "low"
                    | "medium"
                    | "urgent"
                    | "important"
                    | "by"
                    | "on"
                    | "at"
                    | "both"
                    | "all"
                    | "each"
            )
        })
    };
    let listed = parts.len() >= 3
        && rest.iter().any(|w| w.pause)
        && parts
            .iter()
            .all(|p| p.len() <= 3 && !hint_word(p) && !quick_add(p, None, now).title.is_empty());
    let (parts, plural) = if plural || listed {
        (parts, true)
    } else {
        let by_verbs = split_on_verbs(rest, now);
        let several = by_verbs.len() > 1;
        (by_verbs, several)
    };
    // "…, both next week": hints for every task of the list.
    let mut parts = parts;
    if plural {
        if let Some(last) = parts.last_mut() {
            if let Some(at) = last
                .iter()
                .position(|w| matches!(w.norm.as_str(), "both" | "all"))
                .filter(|at| *at > 0)
            {
                let hints = quick_add(&last[at + 1..], None, now);
                if hints.title.is_empty() {
                    shared.due = shared.due.or(hints.due);
                    shared.priority = shared.priority.or(hints.priority);
                    shared.tags.extend(hints.tags);
                    *last = &last[..at];
                }
            }
        }
    }
    let tasks: Vec<QuickAdd> = if plural {
        parts
            .into_iter()
            .map(|part| {
                let mut task = quick_add(part, None, now);
                task.due = task.due.or(shared.due);
                task.priority = task.priority.or(shared.priority);
                for tag in &shared.tags {
                    if !task.tags.contains(tag) {
                        task.tags.push(tag.clone());
                    }
                }
                task
            })
            .collect()
    } else {
        vec![quick_add(rest, priority, now)]
    };
    if tasks.iter().any(|t| t.title.is_empty()) {
        return Some(Intent::Ask(
            "I could not tell what the task is called. Try \"add a task to buy milk tomorrow\"."
                .into(),
        ));
    }
    let tasks: Vec<QuickAdd> = tasks
        .into_iter()
        .map(|mut t| {
            if t.priority.is_none() && !plural {
                t.priority = priority;
            }
            t
        })
        .collect();
    // "schedule the passport renewal for dec 10" may name a task that exists.
    if let ([task], true) = (tasks.as_slice(), verb == "schedule" && !plural) {
        if task.due.is_some() {
            let definite = rest
                .first()
                .is_some_and(|w| matches!(w.norm.as_str(), "the" | "my"));
            return Some(Intent::Schedule(task.clone(), definite));
        }
    }
    Some(Intent::Add(tasks))
}

/// Did the lead of `rest` (its first `len` words) end with a colon or comma ("three tasks:")?
fn ws_paused(rest: &[Word], len: usize) -> bool {
    rest.get(len - 1).is_some_and(|w| w.pause)
}

/// "task 12 …", "#12 …", "number 12 …": the task an add names as its object.
fn numbered_object(ws: &[Word]) -> Option<TaskRef> {
    let n = numbered_len(ws);
    (n > 0).then(|| task_ref(&ws[..n])).flatten()
}

fn numbered_len(ws: &[Word]) -> usize {
    let is_number = |w: &Word| {
        let digits = w.norm.trim_start_matches('#');
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    match ws {
        [a, b, ..] if matches!(a.norm.as_str(), "task" | "number") && is_number(b) => 2,
        [a, ..] if a.norm.starts_with('#') && is_number(a) => 1,
        _ => 0,
    }
}

/// One title with its hints, read by quick add.
fn quick_add(ws: &[Word], priority: Option<Priority>, now: NaiveDateTime) -> QuickAdd {
    let mut ws = about_itself(ws);
    // "…check the mail?": the sentence's mark is not the title's.
    if let Some(last) = ws.last_mut().filter(|w| !w.quoted) {
        last.raw = last.raw.trim_end_matches(['?', '!', '.']).to_owned();
    }
    let ws = &ws;
    let text = ws
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if w.quoted {
                format!("\"{}\"", w.raw)
            } else if matches!(w.norm.as_str(), "tag" | "tags")
                && i > 0
                && !matches!(ws[i - 1].norm.as_str(), "with" | "the")
                && (ws[i - 1].pause || only_tags(&ws[i + 1..]))
            {
                // "…, tag errands", "… at 3pm tag work": the tag, as "tagged work" would be.
                "tagged".to_owned()
            } else {
                w.raw.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut parsed = parse_quick_add(&text, now);
    // "remind me tomorrow to call grandma": the date came first.
    let title = parsed.title.strip_prefix("to ").unwrap_or(&parsed.title);
    parsed.title = capitalize_first(title);
    if parsed.priority.is_none() {
        parsed.priority = priority;
    }
    parsed
}

/// An add that speaks of the new task as "it": "…, tag it work and mark it medium priority" is
/// "tagged work medium priority".
pub(super) fn about_itself(ws: &[Word]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = &ws[i];
        let it_next = ws.get(i + 1).is_some_and(|n| n.norm == "it" && !n.quoted);
        if !w.quoted && it_next {
            let skip_as = ws
                .get(i + 2)
                .is_some_and(|n| matches!(n.norm.as_str(), "as" | "to" | "with"));
            let after = i + 2 + usize::from(skip_as);
            match w.norm.as_str() {
                "tag" | "label" => {
                    if out.last().is_some_and(|l| l.norm == "and") {
                        out.pop();
                    }
                    out.push(Word {
                        raw: "tagged".into(),
                        norm: "tagged".into(),
                        quoted: false,
                        pause: false,
                    });
                    i = after;
                    continue;
                }
                "mark" | "make" | "set" => {
                    if out.last().is_some_and(|l| l.norm == "and") {
                        out.pop();
                    }
                    i = after;
                    continue;
                }
                _ => {}
            }
        }
        out.push(w.clone());
        i += 1;
    }
    out
}

/// One to three tags and nothing else: "work", "work and home".
fn only_tags(ws: &[Word]) -> bool {
    !ws.is_empty()
        && ws.len() <= 5
        && ws.iter().all(|w| {
            w.norm == "and"
                || crate::tasks::validate::parse_tag(&w.norm)
                    .ok()
                    .flatten()
                    .is_some()
        })
        && ws.iter().filter(|w| w.norm != "and").count() <= 3
}

/// Verbs that start a task's title: "buy eggs and call the vet" is two tasks, "buy paint and
/// brushes" one.
const TASK_VERBS: &[&str] = &[
    "call", "email", "e-mail", "text", "message", "phone", "ring", "buy", "get", "pick", "order",
    "book", "pay", "send", "write", "read", "clean", "wash", "fix", "repair", "cook", "make",
    "prepare", "finish", "submit", "schedule", "cancel", "renew", "return", "take", "bring",
    "visit", "go", "check", "review", "plan", "organize", "organise", "print", "sign", "meet",
    "water", "feed", "walk", "study", "practice", "practise", "learn", "watch", "start", "tidy",
    "vacuum", "mow", "collect", "post", "mail", "invite", "reply", "ask", "tell", "confirm",
    "register", "apply", "install", "charge", "pack", "drop", "see", "find", "grab", "empty",
    "dust", "fold", "iron", "mop", "sweep", "unpack", "hang", "replace", "cut", "trim", "paint",
    "plant", "sell", "donate", "bake", "shop", "research", "draft", "edit", "hire", "fill",
    "refill", "recycle", "sort", "answer", "backup", "download", "upload", "fetch", "stretch",
    "exercise", "jog", "swim", "meditate", "practise", "visit", "drive", "fly",
];

/// Splits "call the dentist tomorrow and to email Jake on friday" where a verb follows "and";
/// one part when none does.
fn split_on_verbs(ws: &[Word], now: NaiveDateTime) -> Vec<&[Word]> {
    // Each side with its own date: "take vitamins tonight and stretch tomorrow morning".
    let dated = |part: &[Word]| quick_add(part, None, now).due.is_some();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < ws.len() {
        let w = &ws[i];
        if !w.quoted && w.norm == "and" && (i >= start + 2 || (i > start && ws[i - 1].quoted)) {
            let mut next = i + 1;
            while ws
                .get(next)
                .is_some_and(|w| matches!(w.norm.as_str(), "to" | "also" | "then"))
            {
                next += 1;
            }
            // "call Sam" and "text Priya": two quoted titles are two tasks.
            let quoted_pair = ws[i - 1].quoted && ws.get(next).is_some_and(|w| w.quoted);
            // "and also …", "and then …" start another task whatever the verb.
            let marked = next > i + 1 && ws[i + 1].norm != "to";
            let both_dated = dated(&ws[start..i]) && ws.len() > next && dated(&ws[next..]);
            if quoted_pair
                || marked
                || both_dated
                || ws
                    .get(next)
                    .is_some_and(|w| TASK_VERBS.contains(&w.norm.as_str()))
            {
                parts.push(&ws[start..i]);
                start = next;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&ws[start..]);
    parts.retain(|p| !p.is_empty());
    parts
}

/// Splits at list marks ("1)", "2.", "-", "*", "•"); one part when there are none.
fn split_marked(ws: &[Word]) -> Vec<&[Word]> {
    let is_mark = |w: &Word| {
        let raw = w.raw.as_str();
        matches!(raw, "-" | "*" | "•" | "–")
            || (raw.ends_with([')', '.'])
                && raw.len() <= 4
                && raw[..raw.len() - 1].chars().all(|c| c.is_ascii_digit())
                && raw.len() > 1)
    };
    if ws.iter().filter(|w| is_mark(w)).count() < 2 {
        return vec![ws];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, w) in ws.iter().enumerate() {
        if is_mark(w) {
            if i > start {
                parts.push(&ws[start..i]);
            }
            start = i + 1;
        }
    }
    if start < ws.len() {
        parts.push(&ws[start..]);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// "call mom, pay the bills and book the dentist" → the three titles.
fn split_list(ws: &[Word]) -> Vec<&[Word]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, w) in ws.iter().enumerate() {
        if !w.quoted && w.norm == "and" {
            if i > start {
                parts.push(&ws[start..i]);
            }
            start = i + 1;
        } else if w.pause {
            parts.push(&ws[start..=i]);
            start = i + 1;
        }
    }
    if start < ws.len() {
        parts.push(&ws[start..]);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// "add the tag family to call mom", "add #errands to task 12", "add a description to the
/// passport task: …": the object is something a task has.
fn attribute_of_existing(rest: &[Word]) -> Option<Intent> {
    let to = find(rest, &["to"], 1).or_else(|| find(rest, &["on"], 1))?;
    let (object, target) = (&rest[..to], &rest[to + 1..]);
    let is_tag_object = has_any(object, &["tag", "tags", "label", "labels"])
        || object
            .iter()
            .all(|w| w.norm.starts_with('#') || w.norm == "and");
    if is_tag_object {
        let tags = tag_words(object);
        let target = task_ref(target)?;
        return (!tags.is_empty()).then(|| Intent::Update(target, vec![Change::AddTags(tags)]));
    }
    if has_any(
        object,
        &["description", "note", "notes", "details", "comment"],
    ) && object.len() <= 3
    {
        let (target, text) = description_after(target)?;
        return Some(Intent::Update(target, vec![Change::Description(text)]));
    }
    None
}

/// "put task 5 under health", "put #3 in work".
fn put(rest: &[Word]) -> Option<Intent> {
    let at = rest
        .iter()
        .position(|w| matches!(w.norm.as_str(), "under" | "in" | "into"))?;
    let target = task_ref(&rest[..at])?;
    let tags = tag_words(&rest[at + 1..]);
    (!tags.is_empty()).then(|| Intent::Update(target, vec![Change::AddTags(tags)]))
}
